-- Per student placement, week and nursing problem area: the SFI notes the student filed under
-- the area that week, how many so far in the placement, and whether the area has been met so
-- far (at least one note up to and including this week).
WITH notes AS (
    SELECT
        s.intern_id,
        s.placement_start,
        s.week_start,
        s.sfi_area,
        COUNT(*) AS sfi_notes
    FROM student_ehr_event s
    WHERE s.event_type = 'SFI_NOTE'
    GROUP BY s.intern_id, s.placement_start, s.week_start, s.sfi_area
),
grid AS (
    SELECT
        w.intern_id,
        w.placement_start,
        w.unit_id,
        w.week_start,
        w.week_no,
        a.area_no,
        a.sfi_area,
        COALESCE(n.sfi_notes, 0) AS sfi_notes
    FROM placement_week w
    CROSS JOIN nursing_problem_area a
    LEFT JOIN notes n
        ON n.intern_id = w.intern_id
        AND n.placement_start = w.placement_start
        AND n.week_start = w.week_start
        AND n.sfi_area = a.sfi_area
)
SELECT
    g.intern_id,
    g.placement_start,
    g.unit_id,
    g.week_start,
    g.week_no,
    g.area_no,
    g.sfi_area,
    g.sfi_notes,
    g.notes_so_far,
    CASE WHEN g.notes_so_far > 0 THEN 1 ELSE 0 END AS met_so_far
FROM (
    SELECT
        grid.intern_id,
        grid.placement_start,
        grid.unit_id,
        grid.week_start,
        grid.week_no,
        grid.area_no,
        grid.sfi_area,
        grid.sfi_notes,
        SUM(grid.sfi_notes) OVER (
            PARTITION BY grid.intern_id, grid.placement_start, grid.area_no
            ORDER BY grid.week_start
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS notes_so_far
    FROM grid
) g
