/* fakeserver.c - a scripted OpenAI-compatible server for tests/llm/run.sh.
 *
 * usage: fakeserver CASE DIR
 * Binds 127.0.0.1 on a free port, writes the port to DIR/port (atomically),
 * serves the connections CASE needs, then exits.  Each request body goes
 * to DIR/req-N.json (headers are never written anywhere), the number of
 * requests to DIR/count.  alarm(25) bounds every run.  Plain sockets;
 * cJSON only to read the rubric check ids from the request's schema and
 * the candidate's answer from the user message.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *dir;
static int nreq;
/* the last request's Authorization value, kept in memory only (a case
 * echoes it back, as some servers do); never written to a file */
static char auth_hdr[512];

static void die(const char *m)
{
	perror(m);
	exit(2);
}

static void writefile(const char *name, const char *data, size_t n)
{
	char p[4096], t[4200];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	snprintf(t, sizeof t, "%s.tmp", p);
	FILE *f = fopen(t, "w");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f))
		die(t);
	if (rename(t, p))
		die(p);
}

static void sendall(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void sends(int fd, const char *s)
{
	sendall(fd, s, strlen(s));
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Reads one request; returns its body (caller frees) or NULL. */
static char *read_request(int fd)
{
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap);
	long clen = -1;
	char *body = NULL;
	for (;;) {
		if (len + 1 >= cap)
			b = realloc(b, cap *= 2);
		ssize_t r = read(fd, b + len, cap - len - 1);
		if (r <= 0)
			break;
		len += (size_t)r;
		b[len] = 0;
		if (!body) {
			char *e = strstr(b, "\r\n\r\n");
			if (!e)
				continue;
			body = e + 4;
			char *cl = strcasestr(b, "\r\ncontent-length:");
			clen = cl ? atol(cl + 17) : 0;
		}
		if (body && (long)(len - (size_t)(body - b)) >= clen)
			break;
	}
	if (!body) {
		free(b);
		return NULL;
	}
	auth_hdr[0] = 0;
	body[-2] = 0;	/* headers end here */
	char *ah = strcasestr(b, "\r\nauthorization:");
	if (ah) {
		ah += 16;
		while (*ah == ' ')
			ah++;
		snprintf(auth_hdr, sizeof auth_hdr, "%.*s", (int)strcspn(ah, "\r\n"), ah);
	}
	char *ua = strcasestr(b, "\r\nuser-agent:");
	char uav[256] = "";
	if (ua) {
		ua += 13;
		while (*ua == ' ')
			ua++;
		snprintf(uav, sizeof uav, "%.*s\n", (int)strcspn(ua, "\r\n"), ua);
	}
	/* the request line, to tell CONNECT from POST */
	char line[256];
	snprintf(line, sizeof line, "%.*s\n", (int)strcspn(b, "\r\n"), b);
	char *out = strdup(body);
	free(b);
	char name[32];
	snprintf(name, sizeof name, "req-%d.json", ++nreq);
	writefile(name, out, strlen(out));
	snprintf(name, sizeof name, "auth-%d", nreq);
	writefile(name, auth_hdr[0] ? "yes\n" : "no\n", auth_hdr[0] ? 4 : 3);
	snprintf(name, sizeof name, "ua-%d", nreq);
	writefile(name, uav, strlen(uav));
	snprintf(name, sizeof name, "line-%d", nreq);
	writefile(name, line, strlen(line));
	char cnt[16];
	snprintf(cnt, sizeof cnt, "%d\n", nreq);
	writefile("count", cnt, strlen(cnt));
	return out;
}

/* The grade content for the request: check 0 gets score 5 and quote
 * q (NULL: a line of the answer), the others 1. */
static int grade_skip_last;	/* leave the last check out */

static char *grade_for(const char *req, const char *quote, const char *critique,
		       int bad_score)
{
	cJSON *r = cJSON_Parse(req);
	cJSON *ids = NULL;
	const cJSON *en = NULL;
	const char *answer = "";
	if (r) {
		const cJSON *x = cJSON_GetObjectItem(r, "response_format");
		const char *path[] = { "json_schema", "schema", "properties", "checks",
				       "items", "properties", "id", "enum" };
		for (size_t i = 0; x && i < 8; i++)
			x = cJSON_GetObjectItem(x, path[i]);
		en = x;
		const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "messages"), 1);
		const cJSON *c = cJSON_GetObjectItem(m, "content");
		if (cJSON_IsString(c)) {
			const char *a = strstr(c->valuestring, "CANDIDATE ANSWER:\n");
			if (a)
				answer = a + 18;
			/* json_object requests carry no enum: the ids are in
			 * the rubric list of the user message */
			if (!en) {
				ids = cJSON_CreateArray();
				for (const char *q = c->valuestring; (q = strstr(q, "\n- id: "));) {
					q += 7;
					char idb[64];
					snprintf(idb, sizeof idb, "%.*s", (int)strcspn(q, "\n"), q);
					cJSON_AddItemToArray(ids, cJSON_CreateString(idb));
				}
				en = ids;
			}
		}
	}
	/* a real quote: the first answer line of 30+ bytes, not a heading */
	char line[200] = "";
	for (const char *p = answer; *p && !quote;) {
		size_t n = strcspn(p, "\n");
		if (n >= 30 && p[0] != '#') {
			snprintf(line, sizeof line, "%.*s", (int)(n > 120 ? 120 : n), p);
			break;
		}
		p += n + (p[n] == '\n');
	}
	if (quote && !strcmp(quote, "SHORT")) {
		/* a real but too short quote: 6 bytes of that line */
		for (const char *p = answer; *p;) {
			size_t n = strcspn(p, "\n");
			if (n >= 30 && p[0] != '#') {
				snprintf(line, sizeof line, "%.6s", p);
				break;
			}
			p += n + (p[n] == '\n');
		}
		quote = line;
	}
	cJSON *g = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(g, "checks");
	int i = 0;
	for (const cJSON *e = en ? en->child : NULL; e; e = e->next, i++) {
		if (grade_skip_last && !e->next)
			break;
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "id", e->valuestring);
		cJSON_AddNumberToObject(c, "score", i ? 1 : (bad_score ? bad_score : 5));
		cJSON *q = cJSON_AddArrayToObject(c, "evidence_quotes");
		if (!i)
			cJSON_AddItemToArray(q, cJSON_CreateString(quote ? quote : line));
		cJSON *m = cJSON_AddArrayToObject(c, "missing");
		if (i)
			cJSON_AddItemToArray(m, cJSON_CreateString("a concrete mechanism"));
		cJSON_AddItemToArray(a, c);
	}
	cJSON_AddStringToObject(g, "critique", critique);
	cJSON_AddStringToObject(g, "followup_question", "How would you detect drift in week one?");
	char *s = cJSON_PrintUnformatted(g);
	cJSON_Delete(g);
	cJSON_Delete(r);
	cJSON_Delete(ids);
	/* XNULX in the text becomes the escape of a NUL (six bytes for
	 * five: a new string, since s has no room to grow) */
	size_t n = strlen(s), k = 0;
	for (char *x = s; (x = strstr(x, "XNULX")); x += 5)
		k++;
	char *o = malloc(n + k + 1), *w = o;
	if (!o)
		abort();
	for (const char *p = s; *p;) {
		if (!strncmp(p, "XNULX", 5)) {
			memcpy(w, "\\u0000", 6);
			w += 6;
			p += 5;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	free(s);
	return o;
}

static void reply_json(int fd, int status, const char *extra_hdr, const char *body)
{
	char h[512];
	snprintf(h, sizeof h, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n%s"
		 "Content-Length: %zu\r\nConnection: close\r\n\r\n", status,
		 extra_hdr ? extra_hdr : "", strlen(body));
	sends(fd, h);
	sends(fd, body);
}

static const char *finish_reason = "stop";

static void reply_completion(int fd, const char *content)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", "chatcmpl-1");
	cJSON_AddStringToObject(o, "object", "chat.completion");
	cJSON_AddStringToObject(o, "model", "fake-judge-1");
	cJSON *ch = cJSON_AddArrayToObject(o, "choices");
	cJSON *c0 = cJSON_CreateObject();
	cJSON_AddItemToArray(ch, c0);
	cJSON_AddNumberToObject(c0, "index", 0);
	cJSON_AddStringToObject(c0, "finish_reason", finish_reason);
	cJSON *m = cJSON_AddObjectToObject(c0, "message");
	cJSON_AddStringToObject(m, "role", "assistant");
	cJSON_AddStringToObject(m, "content", content);
	cJSON_AddNullToObject(m, "refusal");
	cJSON *u = cJSON_AddObjectToObject(o, "usage");
	cJSON_AddNumberToObject(u, "prompt_tokens", 812);
	cJSON_AddNumberToObject(u, "completion_tokens", 301);
	cJSON_AddNumberToObject(u, "total_tokens", 1113);
	char *s = cJSON_PrintUnformatted(o);
	reply_json(fd, 200, NULL, s);
	free(s);
	cJSON_Delete(o);
}

/* style: 'o' OpenAI, 'l' llama.cpp, 'O' Ollama; truncate: stop early;
 * model: the model named in the first frame (JSON-escaped here);
 * gap_ms between pieces, and pause_ms once before the piece holding byte
 * pause_at (-1: none). */
static void reply_stream_ex(int fd, const char *content, char style, int truncate,
			    const char *model, long gap_ms, long pause_at, long pause_ms)
{
	sends(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
		  "Cache-Control: no-cache\r\nConnection: close\r\n\r\n");
	if (style == 'l')
		sends(fd, ": ping\n\n");
	if (style == 'l') {
		sends(fd, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n");
	} else {
		cJSON *m = cJSON_CreateString(model);
		char *ms = cJSON_PrintUnformatted(m);
		sends(fd, "data: {\"id\":\"c1\",\"model\":");
		sends(fd, ms);
		sends(fd, ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
		free(ms);
		cJSON_Delete(m);
	}
	size_t n = strlen(content);
	for (size_t i = 0, len; i < n; i += len) {
		if (truncate && i > n / 2)
			return;
		if (gap_ms)
			msleep(gap_ms);
		len = n - i < 25 ? n - i : 25;
		/* the pause falls exactly before byte pause_at */
		if (pause_at > (long)i && pause_at < (long)(i + len))
			len = (size_t)pause_at - i;
		if (pause_at == (long)i)
			msleep(pause_ms);
		char piece[64];
		snprintf(piece, sizeof piece, "%.*s", (int)len, content + i);
		cJSON *o = cJSON_CreateObject();
		cJSON *ch = cJSON_AddArrayToObject(o, "choices");
		cJSON *c0 = cJSON_CreateObject();
		cJSON_AddItemToArray(ch, c0);
		cJSON_AddNumberToObject(c0, "index", 0);
		cJSON *d = cJSON_AddObjectToObject(c0, "delta");
		cJSON_AddStringToObject(d, "content", piece);
		cJSON_AddNullToObject(c0, "finish_reason");
		char *s = cJSON_PrintUnformatted(o);
		sends(fd, "data: ");
		sends(fd, s);
		sends(fd, style == 'O' ? "\r\n\r\n" : "\n\n");
		if (style == 'l' && i % 200 == 0)
			sends(fd, ":\n\n");
		free(s);
		cJSON_Delete(o);
	}
	if (style == 'n')
		return;	/* no finish chunk, no [DONE]: the server just closes */
	sends(fd, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
	sends(fd, style == 'l'
		  ? "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":700,\"completion_tokens\":200,\"total_tokens\":900},\"timings\":{\"predicted_ms\":1}}\n\n"
		  : "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":700,\"completion_tokens\":200,\"total_tokens\":900}}\n\n");
	sends(fd, "data: [DONE]\n\n");
}

static void reply_stream(int fd, const char *content, char style, int truncate)
{
	reply_stream_ex(fd, content, style, truncate, "fake-stream", 0, -1, 0);
}

/* Waits until the client closes the connection (or 60 s pass). */
static void hang_until_closed(int fd)
{
	char b[4096];
	for (int i = 0; i < 600; i++) {
		struct timeval tv = { 0, 100000 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		ssize_t r = read(fd, b, sizeof b);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
			return;
	}
}

static char *grade_for(const char *req, const char *quote, const char *critique,
		       int bad_score);

/* The case "tui" (tests/llm/tui.sh): serves requests until killed, each
 * as DIR/mode says when it arrives: "stream" (a slow stream that pauses
 * inside the critique), "hang" (until the client gives up) or "escapes"
 * (terminal escapes, CR, C1 and bidi controls in the model, quote and
 * critique). */
static void serve_tui(int s)
{
	static const char crit[] =
		"The fallback is concrete and the labeling plan is credible. "
		"SECOND-HALF the success metrics are vague and there is no latency budget.";
	static const char evil[] =
		"Title \x1b]0;PWNED\x07 then \x1b[31mEVILRED and AAAA\rBBBB, "
		"\xe2\x80\xae RLO and C1 \xc2\x9b here, bell \x07 end.";
	for (;;) {
		int fd = accept(s, NULL, NULL);
		if (fd < 0)
			continue;
		char *req = read_request(fd);
		char mode[32] = "stream", path[4096];
		snprintf(path, sizeof path, "%s/mode", dir);
		FILE *f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%31s", mode) != 1)
				strcpy(mode, "stream");
			fclose(f);
		}
		if (!req) {
			close(fd);
			continue;
		}
		char *g = NULL;
		if (!strcmp(mode, "hang")) {
			hang_until_closed(fd);
		} else if (!strcmp(mode, "escapes")) {
			g = grade_for(req, "\x1b[31mEVILRED\x1b[0m quote", evil, 0);
			reply_stream_ex(fd, g, 'o', 0, "judge\x1b]0;PWNED\x07\xe2\x80\xae", 5, -1, 0);
		} else {
			g = grade_for(req, NULL, crit, 0);
			const char *half = strstr(g, "SECOND-HALF");
			reply_stream_ex(fd, g, 'o', 0, "fake-judge-2", 10,
					half ? (long)(half - g) : -1, 1500);
		}
		free(g);
		free(req);
		shutdown(fd, SHUT_WR);
		close(fd);
	}
}

static const char critique[] = "Clear fallback; the metrics are vague.";

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: fakeserver CASE DIR\n");
		return 2;
	}
	const char *cs = argv[1];
	dir = argv[2];
	alarm(25);
	signal(SIGPIPE, SIG_IGN);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8))
		die("bind");
	socklen_t al = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &al);
	char port[16];
	snprintf(port, sizeof port, "%d\n", ntohs(a.sin_port));
	if (!strcmp(cs, "refused")) {
		close(s);	/* nobody listens on this port now */
		writefile("port", port, strlen(port));
		return 0;
	}
	writefile("port", port, strlen(port));
	if (!strcmp(cs, "tui")) {
		alarm(600);
		serve_tui(s);
	}
	const char *two[] = { "ratelimit", "500then", "finbody", "finstream", "noschema", NULL };
	int conns = 1;
	for (size_t t = 0; two[t]; t++)
		if (!strcmp(cs, two[t]))
			conns = 2;
	if (!strcmp(cs, "truncated"))
		conns = 3;	/* cut every time: retried, then reported */
	for (int k = 0; k < conns; k++) {
		int fd = accept(s, NULL, NULL);
		if (fd < 0)
			die("accept");
		char *req = read_request(fd);
		if (!req) {
			close(fd);
			continue;
		}
		char *g = NULL;
		if (k == 1 && !strcmp(cs, "finstream")) {
			reply_stream(fd, g = grade_for(req, NULL, critique, 0), 'o', 0);
		} else if (!strcmp(cs, "ok") || !strcmp(cs, "auth") || (k == 1 && conns == 2)) {
			reply_completion(fd, g = grade_for(req, NULL, critique, 0));
		} else if (!strcmp(cs, "echokey")) {
			char m[1200];
			snprintf(m, sizeof m, "{\"error\":{\"message\":\"Invalid token: %s\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
				 auth_hdr);
			reply_json(fd, 401, NULL, m);
		} else if (!strcmp(cs, "echokeystream")) {
			char crit[1200];
			snprintf(crit, sizeof crit, "You sent Authorization: %s and the key %s, twice.",
				 auth_hdr, auth_hdr[0] ? auth_hdr + 7 : "");
			reply_stream_ex(fd, g = grade_for(req, NULL, crit, 0), 'o', 0, "fake", 0, -1, 0);
		} else if (!strcmp(cs, "finbody")) {
			/* a clean close (FIN) half-way through the body */
			sends(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n{\"choices\":[");
		} else if (!strcmp(cs, "finstream")) {
			reply_stream(fd, g = grade_for(req, NULL, critique, 0), 'o', 1);
		} else if (!strcmp(cs, "length")) {
			finish_reason = "length";
			reply_completion(fd, g = grade_for(req, NULL, critique, 0));
		} else if (!strcmp(cs, "retry120")) {
			reply_json(fd, 429, "Retry-After: 120\r\n", "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
		} else if (!strcmp(cs, "slowstream")) {
			/* flows for about 9 s: longer than the total timeout */
			g = grade_for(req, NULL, critique, 0);
			reply_stream_ex(fd, g, 'o', 0, "slow", 9000 / ((long)strlen(g) / 25 + 1), -1, 0);
		} else if (!strcmp(cs, "slowcrit")) {
			g = grade_for(req, NULL, "The fallback is concrete and the labeling plan is credible; the drift check is named and owned. SECOND-HALF the metrics are vague.", 0);
			const char *half = strstr(g, "SECOND-HALF");
			reply_stream_ex(fd, g, 'o', 0, "slow", 0, half ? (long)(half - g) : -1, 2500);
		} else if (!strcmp(cs, "proxy403")) {
			sends(fd, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
		} else if (!strcmp(cs, "shortquote")) {
			reply_completion(fd, g = grade_for(req, "SHORT", critique, 0));
		} else if (!strcmp(cs, "nul")) {
			reply_completion(fd, g = grade_for(req, NULL, "Before NULXNULX after NUL, the end.", 0));
		} else if (!strcmp(cs, "missingcheck")) {
			grade_skip_last = 1;
			reply_completion(fd, g = grade_for(req, NULL, critique, 0));
		} else if (!strcmp(cs, "nodone")) {
			reply_stream(fd, g = grade_for(req, NULL, critique, 0), 'n', 0);
		} else if (!strcmp(cs, "noschema")) {
			reply_json(fd, 400, NULL, "{\"error\":{\"message\":\"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.\",\"type\":\"invalid_request_error\",\"param\":\"response_format\",\"code\":null}}");
		} else if (!strcmp(cs, "stream") || !strcmp(cs, "ollama") || !strcmp(cs, "llamacpp")) {
			reply_stream(fd, g = grade_for(req, NULL, critique, 0),
				     cs[0] == 's' ? 'o' : cs[0] == 'o' ? 'O' : 'l', 0);
		} else if (!strcmp(cs, "truncated")) {
			reply_stream(fd, g = grade_for(req, NULL, critique, 0), 'o', 1);
		} else if (!strcmp(cs, "401")) {
			reply_json(fd, 401, NULL, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
		} else if (!strcmp(cs, "quota")) {
			reply_json(fd, 429, "Retry-After: 1\r\n", "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}");
		} else if (!strcmp(cs, "ratelimit")) {
			reply_json(fd, 429, "Retry-After: 1\r\n", "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
		} else if (!strcmp(cs, "500then")) {
			reply_json(fd, 500, NULL, "{\"error\":{\"code\":500,\"message\":\"server overloaded\",\"type\":\"server_error\"}}");
		} else if (!strcmp(cs, "malformed")) {
			reply_json(fd, 200, NULL, "{\"choices\":[{\"message\":{\"content\":\"{\\\"checks\\\":");
		} else if (!strcmp(cs, "schema")) {
			reply_completion(fd, g = grade_for(req, NULL, critique, 9));
		} else if (!strcmp(cs, "big")) {
			sends(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\nConnection: close\r\n\r\n");
			static char chunk[65536];
			memset(chunk, ' ', sizeof chunk);
			for (int i = 0; i < 160; i++)
				sendall(fd, chunk, sizeof chunk);
		} else if (!strcmp(cs, "drip")) {
			sends(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n");
			for (int i = 0; i < 100; i++) {
				sends(fd, "  ");
				msleep(300);
			}
		} else if (!strcmp(cs, "hang") || !strcmp(cs, "cancel") || !strcmp(cs, "think")) {
			sleep(20);
		} else if (!strcmp(cs, "redirect")) {
			sends(fd, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:1/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		} else if (!strcmp(cs, "pack")) {
			/* GET of a pack file: serves DIR/pack.json */
			char pp[4096], *pb = calloc(1, 2 << 20);
			snprintf(pp, sizeof pp, "%s/pack.json", dir);
			FILE *pf = fopen(pp, "r");
			size_t pn = pf ? fread(pb, 1, (2 << 20) - 1, pf) : 0;
			if (pf)
				fclose(pf);
			reply_json(fd, 200, NULL, pb);
			(void)pn;
			free(pb);
		} else if (!strcmp(cs, "escapes")) {
			reply_completion(fd, g = grade_for(req, "\x1b[31mred\x1b[0m quote",
							   "Title \x1b]0;pwned\x07 clear\x1b[2J \r\xe2\x80\xae reversed \xc2\x9b end", 0));
		} else if (!strcmp(cs, "fakequotes")) {
			reply_completion(fd, g = grade_for(req, "We roll back within an hour when PSI exceeds 0.2", critique, 0));
		} else {
			fprintf(stderr, "fakeserver: unknown case %s\n", cs);
			return 2;
		}
		free(g);
		free(req);
		shutdown(fd, SHUT_WR);
		close(fd);
	}
	close(s);
	return 0;
}
