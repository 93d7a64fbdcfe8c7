/* currencies.c -- the organization's currencies: ISO codes once each, names Zoho knows, the base currency kept */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "inventory/settings_records.h"
#include "util/json.h"

/* How it works. A currency is added by its ISO 4217 code (three capital
 * letters, once per organization) and symbol; the name is the one Zoho
 * shows for the common codes, else the code. price_precision is 0 to 3
 * (2 when not given). The base currency cannot be deleted nor have its
 * code changed, and no currency a contact or a document uses can be
 * deleted. filter_by=Currencies.ExcludeBaseCurrency leaves the base out. */

static const struct { const char *code, *name; } known[] = {
    {"AED", "UAE Dirham"}, {"AUD", "Australian Dollar"}, {"BRL", "Brazilian Real"}, {"CAD", "Canadian Dollar"},
    {"CHF", "Swiss Franc"}, {"CNY", "Yuan Renminbi"}, {"DKK", "Danish Krone"}, {"EUR", "Euro"},
    {"GBP", "Pound Sterling"}, {"HKD", "Hong Kong Dollar"}, {"INR", "Indian Rupee"}, {"JPY", "Japanese Yen"},
    {"KES", "Kenyan Shilling"}, {"MXN", "Mexican Peso"}, {"NOK", "Norwegian Krone"}, {"NZD", "New Zealand Dollar"},
    {"SAR", "Saudi Riyal"}, {"SEK", "Swedish Krona"}, {"SGD", "Singapore Dollar"}, {"USD", "US Dollar"},
    {"ZAR", "South African Rand"},
};

static bool iso_code(const char *s)
{
    if (strlen(s) != 3) return false;
    for (size_t i = 0; i < 3; i++)
        if (!isupper((unsigned char)s[i])) return false;
    return true;
}

bool currencies_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    const char *code = rec_str(record, "currency_code");
    if (!iso_code(code)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "currency_code");
        return false;
    }
    if (existing && cJSON_IsTrue(json_get(existing->json, "is_base_currency")) &&
        strcmp(code, rec_str(existing->json, "currency_code")) != 0) {
        reply_error(x->rep, ZE_INVALID_FIELD, "currency_code");
        return false;
    }
    if (settings_taken(x, record, "currency_code", existing)) return false;
    if (!existing || json_get(body, "currency_code")) {
        const char *name = code;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (!strcmp(known[i].code, code)) name = known[i].name;
        rec_set_str(record, "currency_name", name);
    }
    if (!existing && !json_get(body, "price_precision")) rec_set_num(record, "price_precision", 2);
    double precision = rec_num(record, "price_precision");
    if (precision < 0 || precision > 3) {
        reply_error(x->rep, ZE_INVALID_FIELD, "price_precision");
        return false;
    }
    if (!existing) {
        rec_set_bool(record, "is_base_currency", false);
        if (!*rec_str(record, "currency_format")) rec_set_str(record, "currency_format", "1,234,567.89");
    }
    return true;
}

bool currencies_deleting(zm_ctx *x, const zm_doc *d)
{
    if (cJSON_IsTrue(json_get(d->json, "is_base_currency"))) {
        char what[96];
        snprintf(what, sizeof what, "Currency %s", rec_str(d->json, "currency_code"));
        reply_error(x->rep, ZE_IN_USE, what, "it is the organization's base currency");
        return false;
    }
    return settings_refuse_in_use(x, d, "currency_id", "currency_code");
}

int currencies_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (strcmp(param, "filter_by") != 0) return -1;
    if (!strcmp(value, "Currencies.ExcludeBaseCurrency")) return !cJSON_IsTrue(json_get(d->json, "is_base_currency"));
    return 1;
}
