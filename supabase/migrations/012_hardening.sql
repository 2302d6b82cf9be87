-- Hardening: what signed-in users may do to the rows RLS lets them reach, and what the database accepts.
--
-- Safe to run again, like 001 and 002, and safe to paste whole into the dashboard's SQL editor: no CONCURRENTLY, and
-- every statement either checks first or is idempotent by nature (REVOKE, GRANT, CREATE OR REPLACE, VALIDATE).
--
-- Row Level Security decides WHICH rows a user reaches; these privileges decide WHAT they may do to them. Supabase's
-- default privileges give `authenticated` (and `anon`) every privilege on a new table in `public`, including three
-- that RLS does not govern at all:
--   TRUNCATE   empties the whole table, every user's rows, with no policy consulted;
--   REFERENCES lets a user's own table point a foreign key at ours and probe it (and block our deletes);
--   TRIGGER    lets them attach a trigger to our table, which then runs on every user's writes.
-- PostgREST never sends any of these today; nothing else should stand in their way either.
revoke truncate, references, trigger on table public.check_ins, public.predictions from anon, authenticated;

-- UPDATE, in plain words: a signed-in user may correct the values of their own check-in (RLS: only their own rows),
-- but never its identity or its place in time — id, user_id, checkin_date and created_at. The app itself never updates
-- (a check-in is written once, by its id, with an insert that ignores duplicates); this is what a client that skips
-- the app may do. Predictions are a record of what a model said and are never changed: no UPDATE on them at all.
-- Column privileges replace the table-wide UPDATE that 001 and 002 grant (which is why this file must come after them).
revoke update on table public.check_ins, public.predictions from anon, authenticated;
grant update (mood, energy, stress, sleep_hours, activity_minutes, notes) on table public.check_ins to authenticated;

-- created_at is when the server received the row, whatever the client sends. The app's sync engine does send its own
-- created_at (the local store's), in an upsert with on_conflict=id and ignore-duplicates: a BEFORE INSERT trigger fires
-- for that INSERT ... ON CONFLICT DO NOTHING as for any insert, so the row is stored with the server's time, and a
-- duplicate is still ignored. Only requests made as the API roles are rewritten: the service role, the seed and the
-- benchmarks (run as the table owner) may still backfill history with its original times.
-- `set search_path = ''`: a function that trusts the caller's search_path can be hijacked (Supabase's linter checks).
create or replace function public.set_created_at_by_server()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    new.created_at := pg_catalog.now();
  end if;
  return new;
end
$$;

-- Only the triggers call it: nobody may run it through the API (PostgREST exposes functions in `public` as RPC).
revoke execute on function public.set_created_at_by_server() from public, anon, authenticated;

create or replace trigger check_ins_created_at_by_server
  before insert on public.check_ins
  for each row execute function public.set_created_at_by_server();

create or replace trigger predictions_created_at_by_server
  before insert on public.predictions
  for each row execute function public.set_created_at_by_server();

-- checkin_date no later than a day ahead of the server's clock (a day covers every time zone and a phone whose clock
-- is a little fast); `9999-12-31` would otherwise sit at the top of every history forever. now() in a CHECK is safe
-- here because the bound only ever loosens as time passes: a row valid today stays valid, so a dump restores.
--
-- Added NOT VALID (a brief lock, no scan: new rows are checked from this moment), then validated, which scans the
-- existing rows under a lock that lets reads and writes go on. With psql each statement commits by itself, so that is
-- what happens. Pasted whole into the dashboard, the file is one transaction and the scan runs under the first
-- statement's lock: on a big table, paste the ALTER ... VALIDATE CONSTRAINT line separately afterwards. If the VALIDATE
-- fails, some rows are more than a day in the future: find them with
--   select id, checkin_date from public.check_ins where checkin_date > now() + interval '1 day';
do $$
begin
  if not exists (
    select 1 from pg_constraint
    where conrelid = 'public.check_ins'::regclass and conname = 'check_ins_checkin_date_not_future'
  ) then
    alter table public.check_ins
      add constraint check_ins_checkin_date_not_future check (checkin_date <= now() + interval '1 day') not valid;
  end if;
end
$$;
alter table public.check_ins validate constraint check_ins_checkin_date_not_future;

-- DELETE stays as 001 and 002 grant it: "Delete my data" deletes a user's own rows (RLS: only their own).
