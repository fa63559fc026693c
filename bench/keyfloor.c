/* keyfloor.c - benchmark helper (not a test): the least a curses program
 * can do for a key, for bench/tui.sh to measure beside the editors.
 *
 *   keyfloor
 *
 * Shows "keyfloor ready" on the first row and a status text on the last
 * (as every editor has one: with the bottom rows blank, ncurses would
 * compare them cell by cell at every refresh to see whether clearing to
 * the end of the screen helps), then for every key read (one at a time,
 * as the coach and nano read them) writes the key into one cell of row 2
 * and the count of keys on row 3, and refreshes: one wait, one read and
 * one write of a few bytes a key.  Its CPU per key is what being woken by a
 * key and answering it costs on the machine (the scheduler, the pseudo-
 * terminal, ncurses' refresh of two cells); an editor's CPU per key
 * above it is the editor's own work.  Runs until killed or hung up.
 */
#include <curses.h>

int main(void)
{
	if (!initscr())
		return 1;
	raw();
	noecho();
	keypad(stdscr, TRUE);
	mvaddstr(0, 0, "keyfloor ready");
	mvaddstr(LINES - 1, 0, "keys are counted above; nothing else is done");
	refresh();
	unsigned long n = 0;
	for (;;) {
		int c = getch();
		if (c == ERR)
			break;	/* the terminal is gone */
		n++;
		mvaddch(1, (int)(n % 60), (c >= ' ' && c < 127) ? (chtype)c : '.');
		mvprintw(2, 0, "%lu", n);
		refresh();
	}
	endwin();
	return 0;
}
