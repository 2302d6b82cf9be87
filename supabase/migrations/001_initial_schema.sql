-- Check-ins: one row per check-in a person records (several a day are allowed).
--
-- Every statement here is safe to run again: it creates what is missing and leaves what exists untouched (no
-- DROP ... CREATE, so a re-run takes no table lock and never leaves a moment without a policy). That is what lets
-- psql, the dashboard SQL editor and the Supabase CLI all apply this file, and apply it twice.
--
-- The numeric ranges are the same as lib/domain/check-in.ts (CHECKIN_LIMITS): the form rejects bad input with a field
-- error first, and these CHECK constraints reject it again for any client that skips the form.

create table if not exists public.check_ins (
  id uuid primary key default gen_random_uuid(),
  -- Defaults to the signed-in user, so the app never has to send it; RLS still checks it on every insert.
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- A timestamp, not a date, and not unique: several check-ins a day are allowed.
  checkin_date timestamptz not null default now(),
  mood smallint not null constraint check_ins_mood_range check (mood between 1 and 10),
  energy smallint not null constraint check_ins_energy_range check (energy between 1 and 10),
  stress smallint not null constraint check_ins_stress_range check (stress between 1 and 10),
  sleep_hours numeric(3, 1) constraint check_ins_sleep_hours_range check (sleep_hours between 0 and 24),
  activity_minutes smallint constraint check_ins_activity_minutes_range check (activity_minutes between 0 and 1440),
  notes text constraint check_ins_notes_length check (char_length(notes) <= 2000),
  created_at timestamptz not null default now(),
  -- Lets predictions reference (checkin_id, user_id) together, so a prediction can only ever point at a check-in of
  -- the same user (see 002). The primary key alone cannot be the target of that two-column foreign key.
  constraint check_ins_id_user_id_key unique (id, user_id)
);

-- Row Level Security in the same file as the table, so the table never exists without it.
do $$
begin
  if not (select relrowsecurity from pg_class where oid = 'public.check_ins'::regclass) then
    alter table public.check_ins enable row level security;
  end if;
end
$$;

-- Anonymous visitors get nothing: no policy names `anon`, and it has no privileges on the table either (defence in
-- depth: a policy added by mistake later still would not expose rows to the anon key).
revoke all on table public.check_ins from anon;
grant select, insert, update, delete on table public.check_ins to authenticated, service_role;

-- What each policy allows, in plain words:
--   select: a signed-in user reads only the check-ins whose user_id is their own id;
--   insert: a signed-in user adds check-ins only under their own id;
--   update: a signed-in user changes only their own check-ins, and cannot hand one to someone else;
--   delete: a signed-in user deletes only their own check-ins.
-- `(select auth.uid())` rather than `auth.uid()`: PostgreSQL then evaluates it once per statement (an InitPlan), not
-- once per row, and can use it in an index condition (Supabase's RLS performance advice).
do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'check_ins' and policyname = 'check_ins: owner can select') then
    create policy "check_ins: owner can select" on public.check_ins
      for select to authenticated using ((select auth.uid()) = user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'check_ins' and policyname = 'check_ins: owner can insert') then
    create policy "check_ins: owner can insert" on public.check_ins
      for insert to authenticated with check ((select auth.uid()) = user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'check_ins' and policyname = 'check_ins: owner can update') then
    create policy "check_ins: owner can update" on public.check_ins
      for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'check_ins' and policyname = 'check_ins: owner can delete') then
    create policy "check_ins: owner can delete" on public.check_ins
      for delete to authenticated using ((select auth.uid()) = user_id);
  end if;
end
$$;
