-- The kind of a 法人或其他组织 applicant (annual report table 三 columns). Existing business rows are left NULL here:
-- their USCC is encrypted at rest, so the service fills them at start from the USCC's registration authority code
-- (RequestsService.fillOrgTypes; 9 → commercial, 5 → public-welfare, 3 → legal-service, else other-organisation).
-- AlterTable
ALTER TABLE "disclosure_request" ADD COLUMN     "applicant_org_type" TEXT;

