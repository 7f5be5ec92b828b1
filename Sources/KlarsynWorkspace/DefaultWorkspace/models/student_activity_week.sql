-- The student activity mart: one row per student placement (student and ward) and week, with
-- dictations and SFI notes, the time of day they were written, the nursing problem areas met so
-- far, and the median of the cohort (same semester and term) in the same placement week. The
-- median is given only when at least 5 students of the cohort have that placement week;
-- otherwise it is NULL and cohort_too_small is 1, so that no comparison points at a few people.
WITH counts AS (
    SELECT
        s.intern_id,
        s.placement_start,
        s.week_start,
        SUM(CASE WHEN s.event_type = 'DICTATION' THEN 1 ELSE 0 END) AS dictations,
        SUM(CASE WHEN s.event_type = 'SFI_NOTE' THEN 1 ELSE 0 END) AS sfi_notes,
        SUM(CASE WHEN s.time_band = 'day' THEN 1 ELSE 0 END) AS events_day,
        SUM(CASE WHEN s.time_band = 'evening' THEN 1 ELSE 0 END) AS events_evening,
        SUM(CASE WHEN s.time_band = 'night' THEN 1 ELSE 0 END) AS events_night,
        COUNT(DISTINCT s.sfi_area) AS areas_this_week
    FROM student_ehr_event s
    GROUP BY s.intern_id, s.placement_start, s.week_start
),
coverage AS (
    SELECT
        a.intern_id,
        a.placement_start,
        a.week_start,
        SUM(a.met_so_far) AS areas_met_so_far
    FROM student_area_week a
    GROUP BY a.intern_id, a.placement_start, a.week_start
),
weeks AS (
    SELECT
        w.intern_id,
        w.placement_start,
        w.unit_id,
        w.semester,
        w.cohort_term,
        w.week_start,
        w.week_no,
        w.placement_days,
        w.trace_through,
        COALESCE(c.dictations, 0) AS dictations,
        COALESCE(c.sfi_notes, 0) AS sfi_notes,
        COALESCE(c.events_day, 0) AS events_day,
        COALESCE(c.events_evening, 0) AS events_evening,
        COALESCE(c.events_night, 0) AS events_night,
        COALESCE(c.areas_this_week, 0) AS areas_this_week,
        COALESCE(v.areas_met_so_far, 0) AS areas_met_so_far
    FROM placement_week w
    LEFT JOIN counts c
        ON c.intern_id = w.intern_id
        AND c.placement_start = w.placement_start
        AND c.week_start = w.week_start
    LEFT JOIN coverage v
        ON v.intern_id = w.intern_id
        AND v.placement_start = w.placement_start
        AND v.week_start = w.week_start
),
ranked AS (
    SELECT
        k.cohort_term,
        k.semester,
        k.week_no,
        k.areas_met_so_far,
        ROW_NUMBER() OVER (
            PARTITION BY k.cohort_term, k.semester, k.week_no
            ORDER BY k.areas_met_so_far, k.intern_id, k.placement_start
        ) AS position,
        COUNT(*) OVER (PARTITION BY k.cohort_term, k.semester, k.week_no) AS students
    FROM weeks k
),
cohort AS (
    SELECT
        r.cohort_term,
        r.semester,
        r.week_no,
        MAX(r.students) AS cohort_students,
        AVG(
            CASE
                WHEN r.position = INT_DIV(r.students + 1, 2) OR r.position = INT_DIV(r.students + 2, 2)
                    THEN r.areas_met_so_far
            END
        ) AS median_areas_met
    FROM ranked r
    GROUP BY r.cohort_term, r.semester, r.week_no
)
SELECT
    k.intern_id,
    k.placement_start,
    k.unit_id,
    k.semester,
    k.cohort_term,
    k.week_start,
    k.week_no,
    k.placement_days,
    k.dictations,
    k.sfi_notes,
    k.events_day,
    k.events_evening,
    k.events_night,
    k.areas_this_week,
    k.areas_met_so_far,
    h.cohort_students,
    CASE WHEN h.cohort_students >= 5 THEN h.median_areas_met END AS cohort_median_areas_met,
    CASE WHEN h.cohort_students >= 5 THEN 0 ELSE 1 END AS cohort_too_small,
    k.trace_through
FROM weeks k
JOIN cohort h
    ON h.cohort_term = k.cohort_term
    AND h.semester = k.semester
    AND h.week_no = k.week_no
