-- The calendar Klarsyn writes itself (ref_calendar), 2000–2040.
SELECT
    date AS calendar_date,
    year,
    month,
    iso_weekday,
    is_weekend,
    holiday_name,
    holiday_kind,
    is_workday
FROM ref_calendar
