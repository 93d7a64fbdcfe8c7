/* test_text.c -- util/text.c: text built a piece at a time keeps every byte, in order, NUL-terminated */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "util/text.h"

Test(text, pieces_printf_and_bytes_join_in_order)
{
    zm_text t = {0};
    text_add_str(&t, "/items");
    text_addf(&t, "/%d?page=%s", 42, "2");
    text_add(&t, "&x=1&y=2", 4);
    cr_assert_str_eq(t.s, "/items/42?page=2&x=1");
    cr_assert_eq(t.len, strlen("/items/42?page=2&x=1"));
    char *s = text_take(&t);
    cr_assert_str_eq(s, "/items/42?page=2&x=1");
    cr_assert_null(t.s, "taken: the text is the caller's");
    cr_assert_eq(t.len, 0);
    free(s);
}

Test(text, nothing_added_takes_an_empty_string)
{
    zm_text t = {0};
    char *s = text_take(&t);
    cr_assert_str_eq(s, "");
    free(s);
}

Test(text, grows_past_many_reallocations_and_keeps_nul_bytes_inside)
{
    zm_text t = {0};
    for (int i = 0; i < 10000; i++) text_add(&t, "ab\0", 3);
    cr_assert_eq(t.len, 30000);
    for (size_t i = 0; i < t.len; i += 3) cr_assert(t.s[i] == 'a' && t.s[i + 1] == 'b' && t.s[i + 2] == '\0');
    cr_assert_eq(t.s[t.len], '\0');
    free(t.s);
}
