-- Predictions: what the in-browser models said after a check-in (one row per model run).
--
-- Safe to run again, like 001: it only creates what is missing.
--
-- prediction_type is checked against the five types of lib/domain/prediction.ts (PREDICTION_TYPES); each bundled model
-- in public/models/manifest.json declares one of them.

create table if not exists public.predictions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  checkin_id uuid not null,
  prediction_type text not null constraint predictions_prediction_type_known
    check (prediction_type in ('mood_tomorrow', 'burnout_risk', 'sleep_quality', 'stress_forecast', 'energy_dip')),
  model_name text not null constraint predictions_model_name_length check (char_length(model_name) between 1 and 100),
  model_version text not null constraint predictions_model_version_length check (char_length(model_version) between 1 and 50),
  -- The class label for classifiers ("low", "yes", …); null for regressions, whose result is the score alone.
  label text constraint predictions_label_length check (char_length(label) between 1 and 50),
  -- The regression value, or the probability of the predicted label. A finite number: in PostgreSQL NaN sorts above
  -- +Infinity, so "< 'Infinity'" rejects both.
  score double precision not null constraint predictions_score_finite check (score > '-Infinity' and score < 'Infinity'),
  -- Class probabilities in label order, for classifiers: a JSON array of 2 to 10 numbers, each from 0 to 1.
  probabilities jsonb constraint predictions_probabilities_shape check (
    jsonb_typeof(probabilities) = 'array'
    and jsonb_array_length(probabilities) between 2 and 10
    and not jsonb_path_exists(probabilities, '$[*] ? (@.type() != "number" || @ < 0 || @ > 1)')
  ),
  created_at timestamptz not null default now(),
  -- Two columns, not checkin_id alone: a prediction can only point at a check-in of the same user. With checkin_id
  -- alone, the foreign-key check (which bypasses RLS) would let user A attach a prediction to user B's check-in.
  constraint predictions_checkin_fkey foreign key (checkin_id, user_id)
    references public.check_ins (id, user_id) on delete cascade
);

-- Deleting a check-in cascades to its predictions; without this index every such delete would scan predictions.
-- A plain CREATE INDEX is fine here: the table is created empty just above. (011 adds the query indices.)
create index if not exists predictions_checkin_id_user_id_idx on public.predictions (checkin_id, user_id);

do $$
begin
  if not (select relrowsecurity from pg_class where oid = 'public.predictions'::regclass) then
    alter table public.predictions enable row level security;
  end if;
end
$$;

-- As for check-ins: nothing for the anon key, and RLS below for signed-in users.
revoke all on table public.predictions from anon;
grant select, insert, update, delete on table public.predictions to authenticated, service_role;

-- What each policy allows, in plain words:
--   select: a signed-in user reads only their own predictions;
--   insert: a signed-in user stores predictions only under their own id (and, by the foreign key, only for their
--           own check-ins);
--   update: a signed-in user changes only their own predictions, and cannot hand one to someone else;
--   delete: a signed-in user deletes only their own predictions.
do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'predictions' and policyname = 'predictions: owner can select') then
    create policy "predictions: owner can select" on public.predictions
      for select to authenticated using ((select auth.uid()) = user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'predictions' and policyname = 'predictions: owner can insert') then
    create policy "predictions: owner can insert" on public.predictions
      for insert to authenticated with check ((select auth.uid()) = user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'predictions' and policyname = 'predictions: owner can update') then
    create policy "predictions: owner can update" on public.predictions
      for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'predictions' and policyname = 'predictions: owner can delete') then
    create policy "predictions: owner can delete" on public.predictions
      for delete to authenticated using ((select auth.uid()) = user_id);
  end if;
end
$$;
