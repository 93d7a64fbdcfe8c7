-- background_start.lua -- stock count start and approve run "in the background", as Zoho does for big counts
--
-- POST .../start answers "Stock count start has been scheduled in
-- background." with status start_in_progress; the first 2 retrieves
-- (GET /inventorycounts/{id}) still show it, the next shows "counting".
-- PUT .../approve answers approval_in_progress until the organization's
-- clock has moved 30 seconds (PUT /__admin/clock or zoho.advance). Other
-- actions on the count meanwhile answer 400 code 4212. A client must poll.
--
-- Deactivating the scenario turns the switches off again.

zoho.background("start", { after_reads = 2 })
zoho.background("approve", { after_seconds = 30 })
