-- The twelve nursing problem areas (sygeplejefaglige problemområder) an SFI note can name, as the
-- EHR delivers them, with a stable order and an English name; and how many notes of the whole
-- trace name each area, so an area that never occurs in the trace is visible here.
WITH areas AS (
    SELECT 1 AS area_no, 'Funktionsniveau' AS sfi_area, 'Functional level' AS name_en
    UNION ALL SELECT 2, 'Bevægeapparat', 'Musculoskeletal system'
    UNION ALL SELECT 3, 'Ernæring', 'Nutrition'
    UNION ALL SELECT 4, 'Hud og slimhinder', 'Skin and mucous membranes'
    UNION ALL SELECT 5, 'Kommunikation', 'Communication'
    UNION ALL SELECT 6, 'Psykosociale forhold', 'Psychosocial conditions'
    UNION ALL SELECT 7, 'Respiration og cirkulation', 'Respiration and circulation'
    UNION ALL SELECT 8, 'Seksualitet', 'Sexuality'
    UNION ALL SELECT 9, 'Smerter og sanseindtryk', 'Pain and sensory impressions'
    UNION ALL SELECT 10, 'Søvn og hvile', 'Sleep and rest'
    UNION ALL SELECT 11, 'Viden og udvikling', 'Knowledge and development'
    UNION ALL SELECT 12, 'Udskillelse af affaldsstoffer', 'Elimination'
),
-- One pass over the trace, counted per area (a join per area read the trace twelve times).
notes AS (
    SELECT
        e.sfi_area,
        COUNT(e.event_id) AS notes
    FROM ehr_event e
    WHERE e.event_type = 'SFI_NOTE'
    GROUP BY e.sfi_area
)
SELECT
    a.area_no,
    a.sfi_area,
    a.name_en,
    COALESCE(n.notes, 0) AS notes_in_trace
FROM areas a
LEFT JOIN notes n ON n.sfi_area = a.sfi_area
