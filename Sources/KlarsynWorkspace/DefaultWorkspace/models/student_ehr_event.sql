-- EHR events attributed to student nurses. An event counts as a student's only when all of these
-- hold: the login is the one the education office gave for the placement, the login acts in the
-- student role, the event was recorded in the placement ward, and its local date lies inside the
-- placement period. Every other event (other staff, the same login elsewhere or at another time)
-- is never attributed. No patient reference is carried (ehr_event does not hold one).
SELECT
    e.event_id,
    p.intern_id,
    p.placement_start,
    p.unit_id,
    e.event_date,
    DATE_ADD_DAYS(e.event_date, 1 - DAY_OF_WEEK(e.event_date)) AS week_start,
    e.hour_of_day,
    CASE
        WHEN e.hour_of_day >= 7 AND e.hour_of_day < 15 THEN 'day'
        WHEN e.hour_of_day >= 15 AND e.hour_of_day < 23 THEN 'evening'
        ELSE 'night'
    END AS time_band,
    e.event_type,
    e.sfi_area
FROM ehr_event e
JOIN intern_placement p
    ON p.ehr_user_id = e.user_id
    AND p.unit_id = e.unit_id
    AND e.event_date >= p.placement_start
    AND e.event_date <= p.placement_end
WHERE e.user_role = 'SYGEPLEJESTUDERENDE'
