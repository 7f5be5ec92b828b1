-- Student nurse placements from the education office. Student nurses are not employed by the
-- region, so they are not in the HR data: this is the only link between a student, a ward, a
-- supervisor and an EHR login.
WITH versions AS (
    SELECT
        i.intern_id,
        i.ehr_user_id,
        i.semester,
        i.unit_id,
        i.placement_start,
        i.placement_end,
        i.supervisor_employee_id,
        i.file_id,
        i.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY i.intern_id, i.placement_start
            ORDER BY f.delivery_date DESC, f.file_name DESC, i.line_no DESC
        ) AS version_rank
    FROM stg_interns i
    JOIN landing_files f ON f.file_id = i.file_id
)
SELECT
    intern_id,
    ehr_user_id,
    semester,
    unit_id,
    placement_start,
    placement_end,
    (DATE_DIFF_DAYS(placement_start, placement_end) + 1) / 7.0 AS placement_weeks,
    supervisor_employee_id,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
