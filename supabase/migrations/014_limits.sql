-- Limits and least privilege: what one account may store, what a signed-in user may do to the tables beyond RLS, and
-- how a person deletes their account. docs/security.md "Database limits and privileges" gives the numbers' reasons.
--
-- Safe to run again, like 001-013. Its parts:
--   1. one BEGIN ... COMMIT block of quick catalog changes (functions, triggers, CHECK constraints added NOT VALID,
--      privileges);
--   2. then, each statement in its own transaction as psql runs them: the two validations (a scan each, under a lock
--      that lets reads and writes go on), the clean-up of duplicate predictions, and CREATE UNIQUE INDEX CONCURRENTLY
--      (which cannot run inside a transaction).
-- In the dashboard's SQL editor paste the BEGIN ... COMMIT block first, then each statement after it on its own (the
-- editor runs a paste as one transaction: pasted whole, the CONCURRENTLY line stops it and undoes what follows COMMIT).
--
-- The limits, in plain words:
--   - at most 100 check-ins per person per day, the day being checkin_date's UTC date (SQLSTATE SY429);
--   - at most 20,000 check-ins per person in all (SQLSTATE SY507);
--   - checkin_date on or after 2000-01-01 (a CHECK: '-infinity' and 1970 placeholders are refused);
--   - a prediction's probabilities document at most 400 bytes as text, each number at most 20 decimal places (a CHECK);
--   - one prediction per check-in and prediction type (a unique index; push_changes ignores a second one).
-- The two counts hold for every write a signed-in user can make, a plain PostgREST INSERT as much as push_changes: they
-- are triggers on the table. They count only requests made as the API roles (anon, authenticated), as 012's server
-- created_at does: the seed, the benchmarks, a restore and the service role run as trusted roles and are not counted
-- against (their rows still count towards the person's totals).
--
-- Race-safe: both triggers lock the person's sync_state row (013's next_change already holds it from the BEFORE
-- trigger that numbers the row; the explicit lock here keeps that true whatever happens to 013's trigger) and count
-- after the lock is theirs. PostgREST runs a request in READ COMMITTED, where each query of a VOLATILE function takes a
-- fresh snapshot, so the count sees every row a concurrent request committed before the lock came free: of two
-- requests racing for the last place, the second waits for the first and then counts its row.

begin;

-- checkin_date from 2000-01-01 on: the app never makes an earlier date (it stamps the device's clock), and the pull
-- cannot read '-infinity' back. Added NOT VALID (no scan under the block's locks); validated after the block.
do $$
begin
  if not exists (
    select 1 from pg_constraint
    where conrelid = 'public.check_ins'::regclass and conname = 'check_ins_checkin_date_from_2000'
  ) then
    alter table public.check_ins
      add constraint check_ins_checkin_date_from_2000 check (checkin_date >= '2000-01-01 00:00:00+00'::timestamptz) not valid;
  end if;
end
$$;

-- probabilities: 002 bounds each number's value (0 to 1) and the count (2 to 10), not their digits: one row could carry
-- ten numbers of 16,000 digits (80 KB). The app rounds to 4 decimals (lib/predictions/summarize-output.ts), so a
-- document is under 100 bytes; 20 decimal places keep every double the JSON of a probability from 1e-6 up prints
-- exactly, and 400 bytes holds ten numbers of 22 characters with their separators (10 * 22 + 9 * 2 + 2 = 240).
-- jsonpath arithmetic is numeric, so `(@ * 1e20).floor() != @ * 1e20` is exact: true for a 21st decimal place.
do $$
begin
  if not exists (
    select 1 from pg_constraint
    where conrelid = 'public.predictions'::regclass and conname = 'predictions_probabilities_size'
  ) then
    alter table public.predictions
      add constraint predictions_probabilities_size check (
        octet_length(probabilities::text) <= 400
        and not jsonb_path_exists(probabilities, '$[*] ? (@.type() == "number" && (@ * 1e20).floor() != @ * 1e20)')
      ) not valid;
  end if;
end
$$;

-- BEFORE INSERT on check_ins, after 013's check_ins_stamp_change_seq (triggers fire in name order): refuses the 101st
-- check-in of one person on one UTC day. Per row, so a flood stops at its 101st row instead of writing them all first.
-- SECURITY DEFINER to lock sync_state (read-only for users) and count without RLS in the way; it acts only on a
-- request's own rows (new.user_id = auth.uid()): another user_id is refused by RLS right after the BEFORE triggers,
-- and that user's rows must not be counted or locked on the way. A check-in already stored (a re-sent batch whose
-- answer was lost: ON CONFLICT (id) DO NOTHING skips it after this trigger) is not a new one and is never refused.
create or replace function public.enforce_check_in_daily_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_day timestamptz;
  v_count bigint;
begin
  if coalesce(pg_catalog.current_setting('role', true), '') not in ('anon', 'authenticated')
     or new.user_id is distinct from (select auth.uid())
     or new.checkin_date is null then
    return new;
  end if;
  if exists (select 1 from public.check_ins where id = new.id) then
    return new;
  end if;
  perform 1 from public.sync_state where user_id = new.user_id for update;
  v_day := pg_catalog.date_trunc('day', new.checkin_date, 'UTC');
  select count(*) into v_count from (
    select 1 from public.check_ins
    where user_id = new.user_id and checkin_date >= v_day and checkin_date < v_day + interval '1 day'
    limit 100
  ) today;
  if v_count >= 100 then
    raise exception using
      errcode = 'SY429',
      message = pg_catalog.format('Not stored: %s (UTC) already has 100 check-ins, the most one day can hold.', pg_catalog.to_char(v_day at time zone 'UTC', 'YYYY-MM-DD')),
      hint = 'Delete some check-ins of that day first.';
  end if;
  return new;
end
$$;

revoke execute on function public.enforce_check_in_daily_limit() from public, anon, authenticated, service_role;

create or replace trigger check_ins_within_daily_limit
  before insert on public.check_ins
  for each row execute function public.enforce_check_in_daily_limit();

-- AFTER INSERT, once per statement, over the rows it inserted (a transition table: a re-sent duplicate is not in it):
-- refuses the statement if a person it wrote for now has more than 20,000 check-ins. Once per statement, not per row:
-- counting up to 20,000 index entries for each row of a 50-row push would cost a second; once is a few milliseconds.
create or replace function public.enforce_check_in_total_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid;
  v_count bigint;
begin
  if coalesce(pg_catalog.current_setting('role', true), '') not in ('anon', 'authenticated') then
    return null;
  end if;
  -- Only the caller's own rows can be here (RLS refused any other before this runs).
  for v_user in select distinct user_id from inserted_check_ins order by user_id loop
    perform 1 from public.sync_state where user_id = v_user for update;
    select count(*) into v_count from (select 1 from public.check_ins where user_id = v_user limit 20001) stored;
    if v_count > 20000 then
      raise exception using
        errcode = 'SY507',
        message = 'Not stored: your account already holds 20,000 check-ins, the most one account can hold.',
        hint = 'Download your data, then delete older check-ins to make room.';
    end if;
  end loop;
  return null;
end
$$;

revoke execute on function public.enforce_check_in_total_limit() from public, anon, authenticated, service_role;

create or replace trigger check_ins_within_total_limit
  after insert on public.check_ins
  referencing new table as inserted_check_ins
  for each statement execute function public.enforce_check_in_total_limit();

-- push_changes as 013 made it, with one change: a prediction whose (check-in, type) is already stored is ignored like
-- one whose id is (ON CONFLICT DO NOTHING without a target covers both unique keys), so a batch re-sent with new
-- prediction ids is not refused. The app makes one prediction per type per check-in, once (lib/data/check-ins/
-- save-check-in.ts): the first one stored stands. 013's header comment describes everything else.
create or replace function public.push_changes(p_epoch bigint, p_check_ins jsonb, p_predictions jsonb)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_epoch bigint := public.lock_sync_state();
  v_check_ins jsonb;
  v_predictions jsonb;
begin
  if v_epoch is distinct from p_epoch then
    raise exception using errcode = 'SY409', message = 'Your data was deleted on another device.';
  end if;

  with given as (
    select * from pg_catalog.jsonb_populate_recordset(null::public.check_ins, coalesce(p_check_ins, '[]')) with ordinality
  ),
  inserted as (
    insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes, notes, created_at)
    select id, user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes, notes, created_at from given order by ordinality
    on conflict (id) do nothing
    returning id, created_at, change_seq
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', id, 'created_at', created_at, 'change_seq', change_seq) order by change_seq), '[]')
  into v_check_ins from inserted;

  with given as (
    select * from pg_catalog.jsonb_populate_recordset(null::public.predictions, coalesce(p_predictions, '[]')) with ordinality
  ),
  inserted as (
    insert into public.predictions (id, user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at)
    select id, user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at from given order by ordinality
    on conflict do nothing
    returning id, created_at, change_seq
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', id, 'created_at', created_at, 'change_seq', change_seq) order by change_seq), '[]')
  into v_predictions from inserted;

  return pg_catalog.jsonb_build_object('epoch', v_epoch, 'check_ins', v_check_ins, 'predictions', v_predictions);
end
$$;

revoke execute on function public.push_changes(bigint, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.push_changes(bigint, jsonb, jsonb) to authenticated;

-- "Delete my account": the signed-in person's Auth user, and with it, by ON DELETE CASCADE from auth.users, every row
-- of theirs: check_ins (and their predictions), predictions, sync_state, sync_tombstones (013's tombstone trigger
-- writes nothing while the user is being deleted), and Auth's own sessions and refresh tokens. SECURITY DEFINER
-- because users cannot touch auth.users; it acts on auth.uid() only, so nobody can delete anyone else. The owner
-- (postgres, who runs the migrations) may delete from auth.users on Supabase. Returns nothing.
create or replace function public.delete_my_account()
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null then
    raise exception using errcode = '42501', message = 'Sign in first: only a signed-in user can delete their account.';
  end if;
  delete from auth.users where id = v_user;
end
$$;

revoke execute on function public.delete_my_account() from public, anon, authenticated, service_role;
grant execute on function public.delete_my_account() to authenticated;

-- PostgreSQL 17 added MAINTAIN (VACUUM, ANALYZE, REINDEX, CLUSTER, REFRESH MATERIALIZED VIEW, LOCK TABLE), and
-- Supabase's default privileges grant it with "all": a signed-in user could run VACUUM FULL or REINDEX on check_ins,
-- taking an exclusive lock on everyone's rows. Nothing of ours needs it. Guarded by the server version: PostgreSQL 15
-- and 16 have no such privilege (the word is an error there), and this block does nothing on them.
-- 012 and 013 revoke the rest; tests/db/hardening.test.ts asserts the whole set of what anon and authenticated hold.
do $$
begin
  if pg_catalog.current_setting('server_version_num')::int >= 170000 then
    execute 'revoke maintain on table public.check_ins, public.predictions, public.sync_state, public.sync_tombstones from anon, authenticated';
  end if;
end
$$;

commit;

-- Validation, each in its own transaction: a scan of the table under SHARE UPDATE EXCLUSIVE (reads and writes go on).
-- Existing rows that break a bound are left as they are (they are a person's data, or evidence of an attack, and no
-- rule here knows the right value): the constraint stays NOT VALID, new rows are checked all the same, and the WARNING
-- says how to find them. Fix or delete them, then run the file again. On a clean table the constraint is validated.
do $$
begin
  alter table public.check_ins validate constraint check_ins_checkin_date_from_2000;
exception when check_violation then
  raise warning 'check_ins_checkin_date_from_2000 stays NOT VALID: some check-ins are dated before 2000. Find them with: select id, user_id, checkin_date from public.check_ins where checkin_date < ''2000-01-01+00'';';
end
$$;

do $$
begin
  alter table public.predictions validate constraint predictions_probabilities_size;
exception when check_violation then
  raise warning 'predictions_probabilities_size stays NOT VALID: some predictions carry oversized probabilities. Find them with: select id, user_id, octet_length(probabilities::text) from public.predictions where octet_length(probabilities::text) > 400;';
end
$$;

-- One prediction per (check-in, type). Before the unique index can be built, duplicates go: the newest of each group
-- stays (latest created_at, then change_seq, then id), as the device that wrote last shows it. Only while the index
-- does not exist yet (a re-run costs nothing); a build that failed (a duplicate written meanwhile) leaves an INVALID
-- index, which is dropped here so that running the file again repairs it.
do $$
begin
  if exists (select 1 from pg_index where indexrelid = pg_catalog.to_regclass('public.predictions_checkin_type_key') and not indisvalid) then
    drop index public.predictions_checkin_type_key;
  end if;
  if pg_catalog.to_regclass('public.predictions_checkin_type_key') is null then
    delete from public.predictions p
    using (
      select id, row_number() over (
        partition by checkin_id, user_id, prediction_type order by created_at desc, change_seq desc nulls last, id desc
      ) as newest
      from public.predictions
    ) ranked
    where p.id = ranked.id and ranked.newest > 1;
  end if;
end
$$;

-- user_id in the key too: a prediction can only name a check-in of its own user (002's foreign key), so this is the
-- same rule, and another user's row never conflicts with yours (a silent skip would tell them your check-in exists).
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS predictions_checkin_type_key ON public.predictions (checkin_id, user_id, prediction_type);
