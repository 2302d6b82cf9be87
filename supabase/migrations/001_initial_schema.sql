-- Check-ins and the predictions made from them. Row Level Security is enabled in this same file,
-- so there is never a moment where the tables exist without it.

create table if not exists public.check_ins (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- Several check-ins a day are allowed, so this is a timestamp, not a date, and not unique.
  checkin_date timestamptz not null default now(),
  mood smallint not null constraint check_ins_mood_range check (mood between 1 and 10),
  energy smallint not null constraint check_ins_energy_range check (energy between 1 and 10),
  stress smallint not null constraint check_ins_stress_range check (stress between 1 and 10),
  sleep_hours numeric(3, 1) constraint check_ins_sleep_hours_range check (sleep_hours between 0 and 24),
  activity_minutes integer constraint check_ins_activity_minutes_range check (activity_minutes between 0 and 1440),
  notes text constraint check_ins_notes_length check (char_length(notes) <= 2000),
  created_at timestamptz not null default now()
);

alter table public.check_ins enable row level security;

-- A signed-in user can see, add, change and delete only their own check-ins. Anonymous visitors get nothing:
-- there is no policy for `anon`, and RLS denies by default.
create policy "check_ins: owner can select" on public.check_ins
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "check_ins: owner can insert" on public.check_ins
  for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "check_ins: owner can update" on public.check_ins
  for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "check_ins: owner can delete" on public.check_ins
  for delete to authenticated using ((select auth.uid()) = user_id);
