-- One row per student placement and ISO week (Monday to Sunday) that overlaps the placement,
-- up to the week holding the newest day of the EHR trace: weeks the trace has not reached yet
-- have no row, so "so far" never means "after the data ends". The cohort is the semester of
-- the education in one term (spring: placements starting February to July; autumn: August to
-- January, counted to the year it began).
WITH trace AS (
    SELECT MAX(event_date) AS trace_through
    FROM ehr_event
),
placements AS (
    SELECT
        p.intern_id,
        p.placement_start,
        p.placement_end,
        p.unit_id,
        p.semester,
        DATE_ADD_DAYS(p.placement_start, 1 - DAY_OF_WEEK(p.placement_start)) AS first_week_start,
        CASE
            WHEN CAST(SUBSTR(p.placement_start, 6, 2) AS INTEGER) BETWEEN 2 AND 7
                THEN CAST(YEAR_OF(p.placement_start) AS TEXT) || 'F'
            WHEN CAST(SUBSTR(p.placement_start, 6, 2) AS INTEGER) >= 8
                THEN CAST(YEAR_OF(p.placement_start) AS TEXT) || 'E'
            ELSE CAST(YEAR_OF(p.placement_start) - 1 AS TEXT) || 'E'
        END AS cohort_term
    FROM intern_placement p
)
SELECT
    p.intern_id,
    p.placement_start,
    p.placement_end,
    p.unit_id,
    p.semester,
    p.cohort_term,
    c.calendar_date AS week_start,
    INT_DIV(DATE_DIFF_DAYS(p.first_week_start, c.calendar_date), 7) + 1 AS week_no,
    DATE_DIFF_DAYS(
        CASE WHEN c.calendar_date > p.placement_start THEN c.calendar_date ELSE p.placement_start END,
        CASE
            WHEN DATE_ADD_DAYS(c.calendar_date, 6) < p.placement_end THEN DATE_ADD_DAYS(c.calendar_date, 6)
            ELSE p.placement_end
        END
    ) + 1 AS placement_days,
    t.trace_through
FROM placements p
CROSS JOIN trace t
JOIN calendar c
    ON c.iso_weekday = 1
    AND c.calendar_date >= p.first_week_start
    AND c.calendar_date <= p.placement_end
    AND c.calendar_date <= t.trace_through
