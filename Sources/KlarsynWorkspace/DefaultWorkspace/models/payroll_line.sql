-- Every payroll line the vendor delivered; corrections arrive as extra (often negative) lines,
-- so lines are summed, never replaced.
SELECT
    p.employee_id,
    p.month,
    p.pay_type,
    p.amount,
    CASE WHEN p.amount < 0 THEN 1 ELSE 0 END AS is_correction,
    p.file_id AS source_file_id,
    p.line_no AS source_line_no
FROM stg_pdc_payroll p
