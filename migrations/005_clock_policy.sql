-- Policy settings an administrator may change (clock lengths, reminder and escalation days).
-- No row: the default in code (src/modules/clocks/policy-settings.ts). A row overrides it.
CREATE TABLE policy_settings (
  key text PRIMARY KEY,
  value integer NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz
);

-- Each import of an official bank-holidays file (GOV.UK's bank-holidays.json format). For every
-- year, the latest import that covers it decides its dates; years no import covers come from the
-- file shipped in reference-data/.
CREATE TABLE bank_holiday_imports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  years integer[] NOT NULL,
  summary jsonb NOT NULL,
  imported_by uuid REFERENCES users(id),
  imported_by_label text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bank_holidays (
  import_id bigint NOT NULL REFERENCES bank_holiday_imports(id),
  date date NOT NULL,
  title text NOT NULL,
  notes text NOT NULL DEFAULT '',
  bunting boolean NOT NULL DEFAULT false,
  PRIMARY KEY (import_id, date)
);
