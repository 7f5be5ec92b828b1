-- Activity in the EHR: that a dictation or a note of healthcare content happened, when, where
-- and by which login. Never content, and the patient reference is deliberately not carried
-- into the model.
WITH versions AS (
    SELECT
        a.event_id,
        a."time" AS event_time,
        a.user_id,
        a.user_role,
        a.unit_id,
        a."event" AS event_type,
        a.sfi,
        a.file_id,
        a.line_no,
        ROW_NUMBER() OVER (PARTITION BY a.event_id ORDER BY a.file_id DESC, a.line_no DESC) AS version_rank
    FROM stg_ehr_activity a
)
SELECT
    event_id,
    event_time,
    SUBSTR(event_time, 1, 10) AS event_date,
    CAST(SUBSTR(event_time, 12, 2) AS INTEGER) AS hour_of_day,
    user_id,
    user_role,
    unit_id,
    event_type,
    sfi AS sfi_area,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
