-- Well-being survey results per unit, round and question, already aggregated by the survey
-- tool; cells under 5 respondents arrive without a score.
WITH versions AS (
    SELECT
        s."round" AS survey_round,
        s.unit_id,
        s.question_id,
        s.question,
        s.respondents,
        s.mean_score,
        s.file_id,
        s.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY s."round", s.unit_id, s.question_id
            ORDER BY f.delivery_date DESC, f.file_name DESC, s.line_no DESC
        ) AS version_rank
    FROM stg_survey s
    JOIN landing_files f ON f.file_id = s.file_id
)
SELECT
    survey_round,
    unit_id,
    question_id,
    question,
    respondents,
    mean_score,
    CASE WHEN mean_score IS NULL THEN 1 ELSE 0 END AS suppressed_at_source,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
