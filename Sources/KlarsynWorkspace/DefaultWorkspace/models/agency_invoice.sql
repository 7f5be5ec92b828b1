-- Agency (vikarbureau) invoices per unit and month; a re-delivered invoice id replaces the
-- earlier delivery.
WITH versions AS (
    SELECT
        i.invoice_id,
        i.unit_id,
        i.month,
        i.agency,
        i.staff_group,
        i.hours,
        i.amount,
        i.file_id,
        i.line_no,
        ROW_NUMBER() OVER (
            PARTITION BY i.invoice_id
            ORDER BY f.delivery_date DESC, f.file_name DESC, i.line_no DESC
        ) AS version_rank
    FROM stg_agency_invoices i
    JOIN landing_files f ON f.file_id = i.file_id
)
SELECT
    invoice_id,
    unit_id,
    month,
    agency,
    staff_group,
    hours,
    amount,
    amount / NULLIF(hours, 0) AS amount_per_hour,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
