-- Energy and stress may be empty (null): rows imported from Daylio (issue 22), which records mood and activities but
-- neither of these, are stored without inventing a value. The check-in form still requires both (lib/domain/
-- check-in-fields.ts, `required: true`), so every check-in the app itself records carries them; only an import leaves
-- them empty. The range CHECKs of 001 stay as they are and let null through, as they do for sleep_hours.
--
-- Why no column recording that a row was imported, and no CHECK "null only for imported rows": any client that skips
-- the app could set such a flag as easily as it could leave energy empty, so the rule would protect nothing the form
-- does not already enforce, while the flag would have to travel through push_changes, the generated types, the local
-- store (and its existing rows), the sync, the backup format and the CSV. The models treat an empty value as missing
-- (NaN), never as zero: docs/models.md, "Imported rows without energy or stress".
--
-- Safe to run again, like 001-014: DROP NOT NULL on a column that is already nullable does nothing. Each is a brief
-- catalog change (no scan, no rewrite). push_changes (014) needs no change: jsonb_populate_recordset passes a JSON null
-- (or an absent key) through as SQL null.
alter table public.check_ins alter column energy drop not null;
alter table public.check_ins alter column stress drop not null;
