/* test_secrets.c -- zoho/secrets.c: the cheap test before redaction finds every secret key name, whatever its case and place */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "zoho/secrets.h"

Test(secrets, maybe_in_finds_each_word_in_any_case_and_at_either_end)
{
    const char *yes[] = {
        "{\"access_token\":\"x\"}", "refresh_TOKEN=1", "ToKeN", "client_secret", "{\"Client-Secret\":1}",
        "SECRET", "password", "{\"user\":{\"PassWord\":\"p\"}}", "xxpasswor\nd password",
        "token at the start", "at the end: token",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_assert(secrets_maybe_in(yes[i], NULL), "%s", yes[i]);
    const char *no[] = {
        "", "{\"stock_on_hand\":45,\"status\":\"active\"}", "toke", "tokn", "secre", "passwor", "k", "w", "c",
        "stock sku status post pass word sec ret",
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_assert_not(secrets_maybe_in(no[i], NULL), "%s", no[i]);
    cr_assert(secrets_maybe_in("a 1000.abc body", "1000.abc"), "the secret itself");
    cr_assert_not(secrets_maybe_in(NULL, NULL));
}

Test(secrets, maybe_in_reads_a_large_body_to_its_end)
{
    size_t n = 200000;
    char *body = malloc(n + 32);
    memset(body, 'k', n);
    strcpy(body + n, "\"id_token\":1");
    cr_assert(secrets_maybe_in(body, NULL));
    body[n] = '\0';
    cr_assert_not(secrets_maybe_in(body, NULL));
    free(body);
}
