/* tmpdir.h -- test helper: where a suite may write its temporary files */
#ifndef ZM_TEST_TMPDIR_H
#define ZM_TEST_TMPDIR_H

/* $TMPDIR (make gives each suite its own under build/, removed when the
 * suite passes), else /tmp. Files made there are removed by their test. */
const char *ttmpdir(void);

#endif
