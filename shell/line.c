/* The line editor: printable characters insert at the cursor; Backspace,
 * Delete, Left/Right, Home/End edit; Up/Down walk the history; Enter ends
 * the line. Works on any terminal behind ConIn/ConOut (serial or
 * virtio-console): the cursor moves with BS and reprinting. */
#include "shell/shell_priv.h"

#include "lib/string.h"

#define HISTORY 16
#define CHAR_BS 0x08
#define SCAN_UP_ 0x01
#define SCAN_DOWN_ 0x02
#define SCAN_RIGHT_ 0x03
#define SCAN_LEFT_ 0x04
#define SCAN_HOME_ 0x05
#define SCAN_END_ 0x06
#define SCAN_DELETE_ 0x08

static char history[HISTORY][SH_LINE_MAX];
static unsigned hist_count; /* lines stored so far (all time) */

struct edit {
	char *buf;
	size_t cap, len, cur;
};

static void key_wait(EFI_INPUT_KEY *key)
{
	UINTN index;

	for (;;) {
		if (!sh_st->ConIn->ReadKeyStroke(sh_st->ConIn, key))
			return;
		sh_bs->WaitForEvent(1, &sh_st->ConIn->WaitForKey, &index);
	}
}

static void backs(size_t n)
{
	while (n--)
		sh_puts("\b");
}

/* Reprints from the cursor to the end, clears `extra` old characters and
 * puts the cursor back. */
static void redraw_tail(struct edit *e, size_t extra)
{
	char tmp[SH_LINE_MAX + 1];

	memcpy(tmp, e->buf + e->cur, e->len - e->cur);
	tmp[e->len - e->cur] = '\0';
	sh_puts(tmp);
	for (size_t i = 0; i < extra; i++)
		sh_puts(" ");
	backs(e->len - e->cur + extra);
}

static void replace_line(struct edit *e, const char *with)
{
	size_t old = e->len;

	backs(e->cur);
	e->len = e->cur = 0;
	while (*with && e->len + 1 < e->cap)
		e->buf[e->len++] = *with++;
	e->buf[e->len] = '\0';
	redraw_tail(e, old > e->len ? old - e->len : 0);
	sh_puts(e->buf);
	e->cur = e->len;
}

static void insert(struct edit *e, char c)
{
	if (e->len + 1 >= e->cap)
		return;
	memmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur);
	e->buf[e->cur] = c;
	e->len++;
	e->buf[e->len] = '\0';
	sh_puts(e->buf + e->cur); /* the new character and the tail */
	e->cur++;
	backs(e->len - e->cur);
}

static void erase_at_cursor(struct edit *e)
{
	if (e->cur >= e->len)
		return;
	memmove(e->buf + e->cur, e->buf + e->cur + 1, e->len - e->cur - 1);
	e->len--;
	e->buf[e->len] = '\0';
	redraw_tail(e, 1);
}

static void scan(struct edit *e, UINT16 code, unsigned *hpos)
{
	switch (code) {
	case SCAN_LEFT_:
		if (e->cur) {
			e->cur--;
			backs(1);
		}
		break;
	case SCAN_RIGHT_:
		if (e->cur < e->len)
			sh_puts((char[]){ e->buf[e->cur++], 0 });
		break;
	case SCAN_HOME_:
		backs(e->cur);
		e->cur = 0;
		break;
	case SCAN_END_:
		sh_puts(e->buf + e->cur);
		e->cur = e->len;
		break;
	case SCAN_DELETE_:
		erase_at_cursor(e);
		break;
	case SCAN_UP_:
		if (*hpos < hist_count && *hpos < HISTORY)
			replace_line(e, history[(hist_count - ++*hpos) % HISTORY]);
		break;
	case SCAN_DOWN_:
		if (*hpos > 1)
			replace_line(e, history[(hist_count - --*hpos) % HISTORY]);
		else if (*hpos == 1) {
			*hpos = 0;
			replace_line(e, "");
		}
		break;
	}
}

int sh_readline(const char *prompt, char *buf, size_t cap)
{
	struct edit e = { buf, cap, 0, 0 };
	unsigned hpos = 0;
	EFI_INPUT_KEY key;

	buf[0] = '\0';
	sh_puts(prompt);
	for (;;) {
		key_wait(&key);
		if (key.UnicodeChar == '\r' || key.UnicodeChar == '\n')
			break;
		if (key.ScanCode)
			scan(&e, key.ScanCode, &hpos);
		else if (key.UnicodeChar == CHAR_BS || key.UnicodeChar == 0x7f) {
			if (e.cur) {
				e.cur--;
				backs(1);
				erase_at_cursor(&e);
			}
		} else if (key.UnicodeChar >= 0x20 && key.UnicodeChar < 0x7f)
			insert(&e, (char)key.UnicodeChar);
	}
	sh_puts("\n");
	if (e.len) {
		memcpy(history[hist_count % HISTORY], buf, e.len + 1);
		hist_count++;
	}
	return (int)e.len;
}
