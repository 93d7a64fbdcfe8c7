-- rate_limit.lua -- Zoho's API limits: 100 calls a minute, 1000 a day, 10 at once, per organization
--
-- Every answer to the organization carries X-Rate-Limit-Limit, -Remaining
-- and -Reset (the daily quota, as Zoho reports it). The 101st call within a
-- minute of the organization's clock answers 429 {"code":44,...}; the
-- 1001st of a day 429 code 45; an 11th call while ten are still being
-- answered 429 code 1070. Refused calls do not count. Moving the clock
-- (zoho.advance, PUT /__admin/clock) opens the next window.
--
-- Use it to check that a client backs off on 429 and reads the headers.

zoho.rate_limit{per_minute = 100, per_day = 1000, concurrent = 10}
