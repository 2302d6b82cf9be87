-- The change feed: every row a user writes gets a number from that user's own counter, so a device can ask "what
-- changed after change C?" and get an exact answer; deletions reach other devices as tombstones, and "Delete my data"
-- bumps an epoch that tells every other device its copy is gone. docs/sync-design.md section 1 is the contract.
--
-- Safe to run again, like 001-012: it creates what is missing (IF NOT EXISTS, CREATE OR REPLACE, policies checked
-- first) and the backfill only numbers rows that have no number yet. The transactional part is one BEGIN ... COMMIT;
-- the two indices come after it with CREATE INDEX CONCURRENTLY (as 011), which cannot run inside a transaction: in the
-- dashboard's SQL editor paste the BEGIN ... COMMIT block first, then each CREATE INDEX line on its own.
--
-- Why a per-user counter and not a sequence: next_change() takes the user's sync_state row lock and holds it until
-- the transaction commits, so one user's writes commit in change_seq order. A device that reads last_change = L
-- therefore already sees every row of that user numbered <= L, and its cursor never jumps over a row that commits
-- later. With a global sequence, a transaction holding number 5 can commit after one holding 6: a device that read 6
-- would never ask for 5 again.

begin;

-- One row per user: the last change number handed out, and the epoch (bumped by delete_my_data).
create table if not exists public.sync_state (
  user_id uuid primary key references auth.users (id) on delete cascade,
  last_change bigint not null default 0,
  epoch bigint not null default 0
);

do $$
begin
  if not (select relrowsecurity from pg_class where oid = 'public.sync_state'::regclass) then
    alter table public.sync_state enable row level security;
  end if;
end
$$;

-- Read-only for signed-in users: only next_change(), lock_sync_state() and delete_my_data() write it (as the owner).
-- Nothing at all for the anon key. The service role may read it (a backend looking at a user's state), not write it.
revoke all on table public.sync_state from anon, authenticated, service_role;
grant select on table public.sync_state to authenticated, service_role;

-- What the policy allows, in plain words: a signed-in user reads only their own sync_state row.
do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'sync_state' and policyname = 'sync_state: owner can select') then
    create policy "sync_state: owner can select" on public.sync_state
      for select to authenticated using ((select auth.uid()) = user_id);
  end if;
end
$$;

-- A deleted check-in, as a change of its own: other devices pull tombstones past their cursor and drop the check-in
-- (and its predictions, which the server removed by ON DELETE CASCADE).
create table if not exists public.sync_tombstones (
  user_id uuid not null references auth.users (id) on delete cascade,
  change_seq bigint not null,
  checkin_id uuid not null,
  -- Also the index of the pull (user_id = U and change_seq in (C, L] order by change_seq).
  primary key (user_id, change_seq)
);

do $$
begin
  if not (select relrowsecurity from pg_class where oid = 'public.sync_tombstones'::regclass) then
    alter table public.sync_tombstones enable row level security;
  end if;
end
$$;

-- Read-only, as sync_state: the AFTER DELETE trigger and delete_my_data() write it.
revoke all on table public.sync_tombstones from anon, authenticated, service_role;
grant select on table public.sync_tombstones to authenticated, service_role;

-- What the policy allows, in plain words: a signed-in user reads only the tombstones of their own check-ins.
do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'sync_tombstones' and policyname = 'sync_tombstones: owner can select') then
    create policy "sync_tombstones: owner can select" on public.sync_tombstones
      for select to authenticated using ((select auth.uid()) = user_id);
  end if;
end
$$;

-- Nullable and without a default, so adding them rewrites nothing (a brief lock, no scan). The triggers below fill
-- them on every insert and update; a client cannot choose the number (a value it sends is overwritten) and cannot
-- UPDATE it (012's column privileges do not include it).
alter table public.check_ins add column if not exists change_seq bigint;
alter table public.predictions add column if not exists change_seq bigint;

-- The next number of p_user's counter; creates the counter at 1. The row lock it takes on sync_state is held to the
-- end of the calling transaction: that is what orders one user's commits by change_seq (see the top of this file).
-- SECURITY DEFINER because sync_state is read-only for users; for the same reason nobody may call it through the
-- API (it takes any user's id): only the trigger functions and delete_my_data below, which run as the owner, call it.
create or replace function public.next_change(p_user uuid)
returns bigint
language sql
security definer
set search_path = ''
as $$
  insert into public.sync_state as s (user_id, last_change) values (p_user, 1)
  on conflict (user_id) do update set last_change = s.last_change + 1
  returning s.last_change
$$;

revoke execute on function public.next_change(uuid) from public, anon, authenticated, service_role;

-- BEFORE INSERT OR UPDATE on check_ins and predictions: the row gets the next number of its owner's counter.
-- SECURITY DEFINER to call next_change (which users may not call). A request made as an API role for someone else's
-- user_id is left alone: RLS refuses that row right after the BEFORE triggers, and the other user's counter must not
-- be touched (not even locked) on the way. `role` is the setting PostgREST sets per request (SET LOCAL ROLE); inside
-- a SECURITY DEFINER function current_user is the owner, but that setting still names the caller's role.
create or replace function public.stamp_change_seq()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if pg_catalog.current_setting('role', true) in ('anon', 'authenticated')
     and new.user_id is distinct from (select auth.uid()) then
    return new;
  end if;
  new.change_seq := public.next_change(new.user_id);
  return new;
end
$$;

revoke execute on function public.stamp_change_seq() from public, anon, authenticated, service_role;

-- AFTER DELETE on check_ins: a tombstone with the next number, so the deletion reaches the user's other devices.
-- Not during delete_my_data (it sets app.sync_bulk_delete: the epoch tells devices everything went), and not when the
-- user themselves is being deleted (the cascade from auth.users: there is nobody left to tell, and a tombstone or
-- counter row for a deleted user would break that very delete's foreign keys).
create or replace function public.record_check_in_tombstone()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if pg_catalog.current_setting('app.sync_bulk_delete', true) = 'on'
     or not exists (select 1 from auth.users where id = old.user_id) then
    return null;
  end if;
  insert into public.sync_tombstones (user_id, change_seq, checkin_id)
  values (old.user_id, public.next_change(old.user_id), old.id);
  return null;
end
$$;

revoke execute on function public.record_check_in_tombstone() from public, anon, authenticated, service_role;

-- Backfill, before the triggers exist (on a re-run they do, and then they number any row still without one: the
-- computed value below is overwritten by next_change, which keeps the counter right). Each user's existing check-ins
-- and predictions are numbered together, oldest first (created_at, then check-ins before predictions, then id), after
-- the user's current last_change. On a big table this UPDATE rewrites every row once.
with pending as (
  select 'check_ins' as tbl, id, user_id, created_at from public.check_ins where change_seq is null
  union all
  select 'predictions', id, user_id, created_at from public.predictions where change_seq is null
),
numbered as (
  select p.tbl, p.id,
         coalesce(s.last_change, 0) + row_number() over (partition by p.user_id order by p.created_at, p.tbl, p.id) as seq
  from pending p left join public.sync_state s on s.user_id = p.user_id
),
stamped_check_ins as (
  update public.check_ins t set change_seq = n.seq from numbered n where n.tbl = 'check_ins' and t.id = n.id
  returning t.id
)
update public.predictions t set change_seq = n.seq from numbered n where n.tbl = 'predictions' and t.id = n.id;

-- Each user's counter starts at the highest number given (never lowered, so a re-run changes nothing).
insert into public.sync_state as s (user_id, last_change)
select user_id, max(change_seq)
from (
  select user_id, change_seq from public.check_ins
  union all
  select user_id, change_seq from public.predictions
) numbered
where change_seq is not null
group by user_id
on conflict (user_id) do update set last_change = greatest(s.last_change, excluded.last_change);

create or replace trigger check_ins_stamp_change_seq
  before insert or update on public.check_ins
  for each row execute function public.stamp_change_seq();

create or replace trigger predictions_stamp_change_seq
  before insert or update on public.predictions
  for each row execute function public.stamp_change_seq();

create or replace trigger check_ins_record_tombstone
  after delete on public.check_ins
  for each row execute function public.record_check_in_tombstone();

-- The signed-in user's epoch, with their sync_state row locked until the end of the transaction (created at epoch 0
-- if missing). push_changes calls it first, so a push and a delete_my_data of the same user run one after the other.
-- SECURITY DEFINER because users cannot write sync_state; it acts on auth.uid() only, so it can lock or create no
-- one else's row. Callable by signed-in users (push_changes runs as them); calling it alone does nothing visible.
create or replace function public.lock_sync_state()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_epoch bigint;
begin
  if v_user is null then
    raise exception using errcode = '42501', message = 'Sign in first: syncing needs a signed-in user.';
  end if;
  insert into public.sync_state (user_id) values (v_user) on conflict (user_id) do nothing;
  select epoch into v_epoch from public.sync_state where user_id = v_user for update;
  return v_epoch;
end
$$;

revoke execute on function public.lock_sync_state() from public, anon, authenticated, service_role;
grant execute on function public.lock_sync_state() to authenticated;

-- One batch of a device's queue, in one transaction. SECURITY INVOKER: every row is inserted as the signed-in user,
-- so RLS, the column privileges and every constraint decide exactly as for a plain insert; any refusal fails the
-- whole call and writes nothing (the device bisects a refused batch). A stale p_epoch (the user deleted their data on
-- another device after this device last pulled) raises SY409, which PostgREST answers with HTTP 400. An id that is
-- already stored is a success and returns nothing for that id. Keys read from each element (others are ignored, and
-- change_seq in particular): see the two column lists below; an absent key is null.
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
    on conflict (id) do nothing
    returning id, created_at, change_seq
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', id, 'created_at', created_at, 'change_seq', change_seq) order by change_seq), '[]')
  into v_predictions from inserted;

  return pg_catalog.jsonb_build_object('epoch', v_epoch, 'check_ins', v_check_ins, 'predictions', v_predictions);
end
$$;

revoke execute on function public.push_changes(bigint, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.push_changes(bigint, jsonb, jsonb) to authenticated;

-- "Delete my data": every check-in of the signed-in user (predictions go by ON DELETE CASCADE) and their tombstones,
-- and a new epoch that tells their other devices to drop what they hold. SECURITY DEFINER to write sync_state and
-- delete tombstones; it acts on auth.uid() only, so nobody can delete anyone else's data with it. No tombstone per
-- check-in (app.sync_bulk_delete): the epoch says it all. Returns the new epoch.
create or replace function public.delete_my_data()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_epoch bigint;
begin
  if v_user is null then
    raise exception using errcode = '42501', message = 'Sign in first: only a signed-in user can delete their data.';
  end if;
  insert into public.sync_state as s (user_id, last_change, epoch) values (v_user, 1, 1)
  on conflict (user_id) do update set epoch = s.epoch + 1, last_change = s.last_change + 1
  returning s.epoch into v_epoch;
  perform pg_catalog.set_config('app.sync_bulk_delete', 'on', true);
  delete from public.check_ins where user_id = v_user;
  perform pg_catalog.set_config('app.sync_bulk_delete', 'off', true);
  delete from public.sync_tombstones where user_id = v_user;
  return v_epoch;
end
$$;

revoke execute on function public.delete_my_data() from public, anon, authenticated, service_role;
grant execute on function public.delete_my_data() to authenticated;

commit;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_checkins_user_change ON check_ins(user_id, change_seq);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_predictions_user_change ON predictions(user_id, change_seq);
