-- CreateTable
CREATE TABLE "search_synonym" (
    "alias" TEXT NOT NULL,
    "expansions" TEXT[],
    "keys" TEXT[],
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "search_synonym_pkey" PRIMARY KEY ("alias")
);

