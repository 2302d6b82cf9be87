-- Index health check: run with `npm run db:verify`, or paste into the Supabase dashboard's SQL editor.
-- No rows = all good.
--
-- Why: CREATE INDEX CONCURRENTLY (migrations 011, 013 and 014) that fails part-way — statement timeout, deadlock, cancelled, lost
-- connection — leaves an INVALID index behind: present in the catalog, maintained on every write, never used by a
-- query. Re-running the migration does not fix it, because IF NOT EXISTS sees the name and silently skips. This finds such indexes
-- (pg_index.indisvalid = false) and checks that the migrations' indices exist at all, with the commands to repair.
--
-- An index that is invalid because a CREATE INDEX CONCURRENTLY is still running is reported as "building", not invalid.
with expected (index_name, table_name, create_statement, migration) as (
  values
    ('idx_checkins_user_date', 'check_ins',
     'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_checkins_user_date ON check_ins(user_id, checkin_date DESC);',
     '011_performance_indices.sql'),
    ('idx_predictions_user_type', 'predictions',
     'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_predictions_user_type ON predictions(user_id, prediction_type);',
     '011_performance_indices.sql'),
    ('idx_checkins_user_change', 'check_ins',
     'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_checkins_user_change ON check_ins(user_id, change_seq);',
     '013_change_feed.sql'),
    ('idx_predictions_user_change', 'predictions',
     'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_predictions_user_change ON predictions(user_id, change_seq);',
     '013_change_feed.sql'),
    -- A unique index: its build fails when a duplicate exists, so its repair is 014 itself, which drops the broken
    -- index, deletes duplicate predictions (keeping the newest) and builds it again.
    ('predictions_checkin_type_key', 'predictions',
     'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS predictions_checkin_type_key ON public.predictions (prediction_type, checkin_id, user_id);',
     '014_limits.sql')
),
not_valid as (
  select n.nspname as schema_name, c.relname as index_name, t.relname as table_name, pg_get_indexdef(c.oid) as definition,
         exists (select 1 from pg_stat_progress_create_index p where p.index_relid = c.oid) as building
  from pg_index i
  join pg_class c on c.oid = i.indexrelid
  join pg_class t on t.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
  where not i.indisvalid
    and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg_toast%'
)
select
  case when v.building then 'building' else 'invalid' end as problem,
  v.schema_name,
  v.index_name,
  v.table_name,
  case
    when v.building then 'A CREATE INDEX CONCURRENTLY is still building this index. Wait for it to finish, then check again.'
    when v.schema_name = 'public' and v.index_name = 'predictions_checkin_type_key' then
      'Run psql -f supabase/migrations/014_limits.sql again: it drops the broken index, deletes duplicate predictions (the newest of each check-in and type stays) and builds it again.'
    else format(
      'Drop the broken index without blocking writes: DROP INDEX CONCURRENTLY IF EXISTS %I.%I; then create it again: %s',
      v.schema_name, v.index_name,
      coalesce(
        (select 'run ' || e.create_statement || ' (as its own statement, or psql -f supabase/migrations/' || e.migration || ')'
         from expected e where e.index_name = v.index_name and v.schema_name = 'public'),
        replace(v.definition, 'CREATE INDEX ', 'CREATE INDEX CONCURRENTLY ') || ';'))
  end as repair
from not_valid v
union all
select
  'missing', 'public', e.index_name, e.table_name,
  format('Run %s (as its own statement, or psql -f supabase/migrations/%s).', e.create_statement, e.migration)
from expected e
where to_regclass(format('public.%I', e.index_name)) is null
order by 1, 2, 3;
