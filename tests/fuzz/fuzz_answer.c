/* fuzz_answer.c - the Markdown section parser and the sentence and token
 * splitters: every range stays inside the input. */
#include "fuzz.h"
#include "pmcoach/answer.h"
#include "pmcoach/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	Answer a;
	answer_parse(&a, buf, size);
	TokBuf tb = TOKBUF_INIT;
	for (size_t i = 0; i < a.nparts; i++) {
		const AnswerPart *p = &a.parts[i];
		FUZZ_ASSERT(p->off <= p->end && p->end <= size);
		size_t pos = p->off, so, sl;
		size_t guard = 0;
		while (text_next_sentence(buf, p->end, &pos, &so, &sl)) {
			FUZZ_ASSERT(so >= p->off && so + sl <= p->end && sl > 0);
			text_tokenize(&tb, buf, so, so + sl);
			for (size_t k = 0; k < tb.n; k++)
				FUZZ_ASSERT(tb.v[k].off >= so &&
					    tb.v[k].off + tb.v[k].len <= so + sl);
			FUZZ_ASSERT(++guard <= size + 1);
		}
	}
	tokbuf_release(&tb);
	answer_release(&a);
	return 0;
}
