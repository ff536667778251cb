-- CreateTable
CREATE TABLE "boards" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "snapshot" BYTEA,
    "snapshot_seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "boards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "board_updates" (
    "seq" BIGSERIAL NOT NULL,
    "board_id" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_updates_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "board_updates_board_id_seq_idx" ON "board_updates"("board_id", "seq");

-- AddForeignKey
ALTER TABLE "board_updates" ADD CONSTRAINT "board_updates_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE CASCADE;
