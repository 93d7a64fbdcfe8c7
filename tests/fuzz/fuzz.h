/* fuzz.h -- the fuzz targets: each is a libFuzzer binary (make fuzz) and is replayed over its corpus and past crashes by test_fuzz_replay.c */
#ifndef ZM_FUZZ_H
#define ZM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Each target: an init run once per process (from the repository's
 * root: it reads fixtures/default.json), and one input. An input that
 * breaks an invariant aborts (a crash libFuzzer reports); others return 0. */
void fuzz_request_init(void);
int fuzz_request_one(const uint8_t *data, size_t size);

void fuzz_fixtures_init(void);
int fuzz_fixtures_one(const uint8_t *data, size_t size);

void fuzz_contract_init(void);
int fuzz_contract_one(const uint8_t *data, size_t size);

void fuzz_lua_init(void);
int fuzz_lua_one(const uint8_t *data, size_t size);

/* The default fixture loaded into the model, the journal and scenarios
 * ready: what every target that serves requests starts from. */
void fuzz_server_state(void);
/* One request through dispatch, as http.c serves it (no socket); aborts
 * when the answer is missing, not JSON where it should be, or not UTF-8.
 * header_lines: "Name: value" lines separated by '\n' (NULL: none). */
void fuzz_serve(const char *method, const char *raw_path, const char *query, const char *header_lines,
                const char *body, size_t body_len);

/* In a libFuzzer build (ZM_LIBFUZZER), the two entry points of target t. */
#ifdef ZM_LIBFUZZER
#define FUZZ_TARGET(t)                                                                             \
    int LLVMFuzzerInitialize(int *argc, char ***argv);                                             \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                              \
    {                                                                                              \
        (void)argc;                                                                                \
        (void)argv;                                                                                \
        fuzz_##t##_init();                                                                         \
        return 0;                                                                                  \
    }                                                                                              \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_##t##_one(data, size); }
#else
#define FUZZ_TARGET(t)
#endif

#endif
