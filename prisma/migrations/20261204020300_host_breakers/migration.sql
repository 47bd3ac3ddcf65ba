-- The host breaker (lib/hosts): after 20 consecutive connection failures to one image host (DNS, refused, reset,
-- timeout), its queued images stop being dispatched until blocked_until (a cool-down from one minute, doubling up to an
-- hour); then one fetch is let through as the probe (state probing), and its outcome closes the breaker (the row goes)
-- or opens it again for longer. Shared by every process.
CREATE TABLE "host_breakers" (
    "host" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'counting',
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "opened_at" TIMESTAMPTZ(3),
    "blocked_until" TIMESTAMPTZ(3),
    "cooldown_seconds" INTEGER NOT NULL DEFAULT 60,
    "last_error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "host_breakers_pkey" PRIMARY KEY ("host")
);
