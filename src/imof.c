#include <stddef.h>
#include <strings.h>

#include "pmcoach/imof.h"

static const char *const names[] = { "input", "model", "output", "feedback",
				     "other", "any" };
static const char *const titles[] = { "Input", "Model", "Output", "Feedback",
				      "Other", "Any" };

const char *imof_name(Section s)
{
	return (unsigned)s <= SEC_ANY ? names[s] : "?";
}

const char *imof_title(Section s)
{
	return (unsigned)s <= SEC_ANY ? titles[s] : "?";
}

int imof_parse(const char *name, size_t n)
{
	for (int i = 0; i <= SEC_ANY; i++)
		if (!strncasecmp(name, names[i], n) && names[i][n] == '\0')
			return i;
	return -1;
}
