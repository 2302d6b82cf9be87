-- Demo data for a local Supabase (`supabase db reset` runs this after the migrations). Never run it on production.
-- Safe to run again: fixed ids and ON CONFLICT DO NOTHING.
--
-- The demo user has no password: to sign in as demo@example.com locally, set one in Studio (Authentication → Users)
-- or sign up with that address. Only id and email are given, the columns every auth.users version has.

insert into auth.users (id, email)
values ('00000000-0000-4000-8000-00000000de00', 'demo@example.com')
on conflict (id) do nothing;

-- Four weeks of one check-in a day, ending yesterday, with a gentle weekly rhythm in the numbers.
insert into public.check_ins (id, user_id, checkin_date, mood, energy, stress, sleep_hours, activity_minutes, notes)
select
  ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
  '00000000-0000-4000-8000-00000000de00',
  date_trunc('day', now()) - g * interval '1 day' + interval '20 hours',
  4 + (g % 7) / 2,
  3 + (g % 5),
  2 + ((g + 3) % 7),
  6.0 + (g % 5) / 2.0,
  (g * 17) % 90,
  case when g % 7 = 0 then 'Long week.' end
from generate_series(1, 28) as g
on conflict (id) do nothing;

-- The latest check-in's five predictions, one per model.
insert into public.predictions (id, user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities)
values
  ('00000000-0000-4000-8000-0000000f0001', '00000000-0000-4000-8000-00000000de00', '00000000-0000-4000-8000-000000000001',
   'mood_tomorrow', 'lgbm_multiclass_v1', '1', 'steady', 0.61, '[0.14, 0.61, 0.25]'),
  ('00000000-0000-4000-8000-0000000f0002', '00000000-0000-4000-8000-00000000de00', '00000000-0000-4000-8000-000000000001',
   'burnout_risk', 'lgbm_burnout_v1', '1', 'no', 0.83, '[0.83, 0.17]'),
  ('00000000-0000-4000-8000-0000000f0003', '00000000-0000-4000-8000-00000000de00', '00000000-0000-4000-8000-000000000001',
   'sleep_quality', 'lgbm_sleep_quality_v1', '1', null, 72.5, null),
  ('00000000-0000-4000-8000-0000000f0004', '00000000-0000-4000-8000-00000000de00', '00000000-0000-4000-8000-000000000001',
   'stress_forecast', 'lgbm_stress_forecast_v1', '1', null, 4.2, null),
  ('00000000-0000-4000-8000-0000000f0005', '00000000-0000-4000-8000-00000000de00', '00000000-0000-4000-8000-000000000001',
   'energy_dip', 'lgbm_energy_dip_v1', '1', 'no', 0.7, '[0.7, 0.3]')
on conflict (id) do nothing;
