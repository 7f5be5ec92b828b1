-- hr@2: agency (vikarbureau) invoices per unit and month, amounts without VAT as the finance
-- department reports them; a re-delivered invoice id replaces the earlier delivery.
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
    hours AS invoiced_hours,
    amount / 1.25 AS amount_excl_vat,
    amount / 1.25 / NULLIF(hours, 0) AS amount_excl_vat_per_hour,
    file_id AS source_file_id,
    line_no AS source_line_no
FROM versions
WHERE version_rank = 1
