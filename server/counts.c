/* counts.c -- stock counts (inventory counts): the model and the API handlers */
#include "counts.h"

void counts_free_all(zm_org *org)
{
    VEC_FREE(org->counts);
}
