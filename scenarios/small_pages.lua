-- small_pages.lua -- list endpoints answer at most 2 rows a page, whatever per_page asks
--
-- page_context.per_page shows 2 and has_more_page stays true until the
-- last page: a client that reads only the first page misses rows.

zoho.page_size(2)
