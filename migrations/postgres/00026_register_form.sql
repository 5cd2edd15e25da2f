-- +goose Up
-- The 技术合同登记表's fields: the parties' 统一社会信用代码, the country of
-- a buyer abroad (境外, division 800000), the project's source and plan
-- number, the intellectual property involved (lines), the socio-economic
-- objective, a transfer's expected new investment and output (fen, NULL
-- when not stated), and the technology transaction amount's parts (fen).
ALTER TABLE contracts ADD COLUMN seller_credit_code VARCHAR(18) NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN buyer_credit_code VARCHAR(18) NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN buyer_country VARCHAR(2) NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN project_source VARCHAR(20) NOT NULL DEFAULT 'none'
    CHECK (project_source IN ('national','provincial','municipal','none'));
ALTER TABLE contracts ADD COLUMN plan_number VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN ip_kinds TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN socio_economic_objective VARCHAR(30) NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN expected_investment_fen BIGINT CHECK (expected_investment_fen >= 0);
ALTER TABLE contracts ADD COLUMN expected_output_fen BIGINT CHECK (expected_output_fen >= 0);
ALTER TABLE contracts ADD COLUMN tech_part_technology_fen BIGINT NOT NULL DEFAULT 0 CHECK (tech_part_technology_fen >= 0);
ALTER TABLE contracts ADD COLUMN tech_part_consulting_fen BIGINT NOT NULL DEFAULT 0 CHECK (tech_part_consulting_fen >= 0);
ALTER TABLE contracts ADD COLUMN tech_part_service_fen BIGINT NOT NULL DEFAULT 0 CHECK (tech_part_service_fen >= 0);
ALTER TABLE contracts ADD COLUMN tech_part_training_fen BIGINT NOT NULL DEFAULT 0 CHECK (tech_part_training_fen >= 0);
ALTER TABLE contracts ADD COLUMN tech_part_brokerage_fen BIGINT NOT NULL DEFAULT 0 CHECK (tech_part_brokerage_fen >= 0);
ALTER TABLE contracts ADD COLUMN tech_part_other_fen BIGINT NOT NULL DEFAULT 0 CHECK (tech_part_other_fen >= 0);
-- Contracts drafted before: the parties' codes are their verified
-- organisations', and the whole technology amount is the fee the type is
-- named for, as a contract drafted without a breakdown gets it now.
UPDATE contracts SET seller_credit_code = COALESCE((SELECT o.credit_code FROM organizations o WHERE o.id = contracts.seller_org_id), '');
UPDATE contracts SET buyer_credit_code = COALESCE((SELECT o.credit_code FROM organizations o WHERE o.id = contracts.buyer_org_id), '')
    WHERE buyer_org_id IS NOT NULL;
UPDATE contracts SET tech_part_consulting_fen = tech_fen WHERE type = 'consulting';
UPDATE contracts SET tech_part_training_fen = tech_fen WHERE type = 'service' AND subtype = '技术培训';
UPDATE contracts SET tech_part_brokerage_fen = tech_fen WHERE type = 'service' AND subtype = '技术中介';
UPDATE contracts SET tech_part_service_fen = tech_fen WHERE type = 'service' AND subtype NOT IN ('技术培训', '技术中介');
UPDATE contracts SET tech_part_technology_fen = tech_fen WHERE type NOT IN ('consulting', 'service');

-- +goose Down
ALTER TABLE contracts DROP COLUMN tech_part_other_fen;
ALTER TABLE contracts DROP COLUMN tech_part_brokerage_fen;
ALTER TABLE contracts DROP COLUMN tech_part_training_fen;
ALTER TABLE contracts DROP COLUMN tech_part_service_fen;
ALTER TABLE contracts DROP COLUMN tech_part_consulting_fen;
ALTER TABLE contracts DROP COLUMN tech_part_technology_fen;
ALTER TABLE contracts DROP COLUMN expected_output_fen;
ALTER TABLE contracts DROP COLUMN expected_investment_fen;
ALTER TABLE contracts DROP COLUMN socio_economic_objective;
ALTER TABLE contracts DROP COLUMN ip_kinds;
ALTER TABLE contracts DROP COLUMN plan_number;
ALTER TABLE contracts DROP COLUMN project_source;
ALTER TABLE contracts DROP COLUMN buyer_country;
ALTER TABLE contracts DROP COLUMN buyer_credit_code;
ALTER TABLE contracts DROP COLUMN seller_credit_code;
