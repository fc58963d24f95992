/*
 * Tests of the HTML edition of the book (make book, book/html/build.sh):
 * build it, open every page in headless Chromium as a reader's browser
 * would, and check what Chromium shows: each page's title, that every
 * link inside the book (to a page, a section, a figure, the code) leads
 * somewhere, that every page lists every chapter, that every listing has
 * its caption, that nothing comes from the network; and save a screenshot
 * of a chapter page (build/book/screenshot-03.png) for people to look at.
 *
 * The book is built and every page's DOM dumped once, in an unchecked
 * fixture before the tests fork; the tests read what it left. Without
 * pandoc or Chromium the tests are skipped with the reason, unless
 * KVM101_REQUIRE_BROWSER=1 (CI sets it, and .ci/run installs both).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define MAX_PAGES       64
#define SCREENSHOT_PAGE "03-real-mode"

struct page {
    char name[64];   /* "03-real-mode", "index", "all" */
    char title[256]; /* the first "# " line of its Markdown, if any */
    int listings;    /* how many "<!-- listing:" markers it has */
    char *dom;       /* what Chromium made of it */
};

static struct page pages[MAX_PAGES];
static int page_count;       /* the book's pages, then index and all */
static int book_pages;       /* how many of them are book/NN-slug.md */
static char out_dir[512];    /* build/book */
static const char *missing;  /* why the tests cannot run here, or NULL */
static struct process build; /* the output of book/html/build.sh */
static char chromium[256];

/* --- finding the tools ---------------------------------------------- */

/* Find `name` on $PATH; copy its path into `path`. */
static bool find_program(const char *name, char *path, size_t size)
{
    const char *search = getenv("PATH");
    char *copy = strdup(search ? search : "/usr/bin:/bin");
    bool found = false;

    for (char *dir = strtok(copy, ":"); dir && !found;
         dir = strtok(NULL, ":")) {
        snprintf(path, size, "%s/%s", dir, name);
        found = access(path, X_OK) == 0;
    }
    free(copy);
    return found;
}

/* Skip the test when the fixture found a tool missing (fail under
 * KVM101_REQUIRE_BROWSER=1). */
#define REQUIRE_BOOK_TOOLS()                                                   \
    do {                                                                       \
        const char *required_ = getenv("KVM101_REQUIRE_BROWSER");              \
        if (missing && required_ && strcmp(required_, "1") == 0)               \
            ck_abort_msg("KVM101_REQUIRE_BROWSER=1 but %s", missing);          \
        if (missing)                                                           \
            SKIP_TEST(missing);                                                \
        ck_assert_msg(build.exit_code == 0,                                    \
                      "book/html/build.sh failed:\n%s%s", build.out,           \
                      build.err);                                              \
    } while (0)

/* --- the pages ------------------------------------------------------ */

/* The book's order: the numbered chapters by name, then the appendices
 * by their titles ("Appendix A — ...", "Appendix B — ..."), as
 * book/html/build.sh orders them. */
static int compare_pages(const void *a, const void *b)
{
    const struct page *p = a, *q = b;
    bool p_chapter = isdigit((unsigned char)p->name[0]);
    bool q_chapter = isdigit((unsigned char)q->name[0]);

    if (p_chapter != q_chapter)
        return p_chapter ? -1 : 1;
    return p_chapter ? strcmp(p->name, q->name) : strcmp(p->title, q->title);
}

/* Read a page's title and count its listings from book/NAME.md. */
static void read_markdown(struct page *page)
{
    char path[512], line[1024];
    FILE *f;

    snprintf(path, sizeof(path), "book/%s.md", page->name);
    f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!page->title[0] && strncmp(line, "# ", 2) == 0)
            snprintf(page->title, sizeof(page->title), "%.255s", line + 2);
        if (strncmp(line, "<!-- listing: ", 14) == 0)
            page->listings++;
    }
    fclose(f);
}

/* The book's pages in the book's order: the Markdown files in book/, the
 * numbered chapters first and the appendices after them. */
static void find_pages(void)
{
    DIR *dir = opendir("book");
    struct dirent *entry;
    size_t length;

    while (dir && (entry = readdir(dir)) && page_count < MAX_PAGES - 2) {
        length = strlen(entry->d_name);
        if (length < 4 || strcmp(entry->d_name + length - 3, ".md") != 0)
            continue;
        snprintf(pages[page_count].name, sizeof(pages[page_count].name), "%.*s",
                 (int)(length - 3), entry->d_name);
        page_count++;
    }
    if (dir)
        closedir(dir);
    for (int i = 0; i < page_count; i++)
        read_markdown(&pages[i]);
    qsort(pages, page_count, sizeof(pages[0]), compare_pages);
    book_pages = page_count;
    snprintf(pages[page_count++].name, sizeof(pages[0].name), "index");
    snprintf(pages[page_count++].name, sizeof(pages[0].name), "all");
}

static struct page *page_named(const char *name)
{
    for (int i = 0; i < page_count; i++)
        if (strcmp(pages[i].name, name) == 0)
            return &pages[i];
    return NULL;
}

/* --- Chromium ------------------------------------------------------- */

/* Run headless Chromium on a page of the book with `action` (--dump-dom,
 * or --screenshot=FILE); a fresh profile each time, nothing from the
 * network. Returns 0 and fills *p, or -1. */
static int run_chromium(const char *page, const char *action, struct process *p)
{
    char profile[] = "/tmp/kvm101-chromium-XXXXXX";
    char profile_option[64], url[1200], cwd[512];
    const char *remove[] = {"/bin/rm", "-rf", profile, NULL};
    struct process removed;
    int status;

    if (!mkdtemp(profile) || !getcwd(cwd, sizeof(cwd)))
        return -1;
    snprintf(profile_option, sizeof(profile_option), "--user-data-dir=%s",
             profile);
    snprintf(url, sizeof(url), "file://%s%s%s/%s.html",
             out_dir[0] == '/' ? "" : cwd, out_dir[0] == '/' ? "" : "/",
             out_dir, page);
    const char *argv[] = {chromium,
                          "--headless",
                          "--no-sandbox", /* needed as root */
                          "--disable-gpu",
                          "--disable-quic",
                          "--no-first-run",
                          "--disable-background-networking",
                          "--disable-component-update",
                          "--disable-sync",
                          "--hide-scrollbars",
                          "--window-size=1280,900",
                          profile_option,
                          action,
                          url,
                          NULL};

    status = process_run(p, argv, NULL, 120);
    process_run(&removed, remove, NULL, 30);
    process_free(&removed);
    return status;
}

/* Build the book and have Chromium load every page: once, before the tests
 * fork, so that each test only reads the results. */
static void build_and_load(void)
{
    char pandoc[256];
    char script_out[600];
    struct process p;

    snprintf(out_dir, sizeof(out_dir), "%s/book", harness_build_dir());
    if (!find_program("pandoc", pandoc, sizeof(pandoc))) {
        missing = "pandoc is not installed (apt-get install pandoc)";
        return;
    }
    if (!find_program("chromium", chromium, sizeof(chromium)) &&
        !find_program("chromium-browser", chromium, sizeof(chromium))) {
        missing = "chromium is not installed (apt-get install chromium)";
        return;
    }
    snprintf(script_out, sizeof(script_out), "%s", out_dir);
    const char *argv[] = {"/bin/sh", "book/html/build.sh", script_out, NULL};
    if (process_run(&build, argv, NULL, 600) < 0 || build.timed_out)
        build.exit_code = -1;
    find_pages();
    if (build.exit_code != 0)
        return;
    for (int i = 0; i < page_count; i++) {
        if (run_chromium(pages[i].name, "--dump-dom", &p) == 0 &&
            p.exit_code == 0) {
            pages[i].dom = p.out;
            free(p.err);
        } else {
            process_free(&p);
        }
    }
}

/* --- reading the DOM ------------------------------------------------ */

#define MAX_ATTRIBUTES 16

struct tag {
    char name[16];
    int count;
    struct {
        char name[24];
        char value[512];
    } attributes[MAX_ATTRIBUTES];
};

/* Undo the entity escapes Chromium writes in attribute values. */
static void unescape(char *text)
{
    static const char *const entities[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}};
    char *at;

    for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
        while ((at = strstr(text, entities[i][0]))) {
            size_t length = strlen(entities[i][0]);

            *at = entities[i][1][0];
            memmove(at + 1, at + length, strlen(at + length) + 1);
        }
    }
}

/* Parse the start tag at `html` (just after its "<") into *tag; return
 * where it ends. */
static const char *parse_tag(const char *html, struct tag *tag)
{
    const char *at = html;
    size_t n;

    tag->count = 0;
    n = strspn(
        at, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    snprintf(tag->name, sizeof(tag->name), "%.*s", (int)n, at);
    at += n;
    for (;;) {
        at += strspn(at, " \t\r\n/");
        if (*at == '\0' || *at == '>')
            return at;
        n = strcspn(at, " \t\r\n=>/");
        if (n == 0) {
            at++;
            continue;
        }
        int i = tag->count < MAX_ATTRIBUTES ? tag->count++ : MAX_ATTRIBUTES - 1;
        snprintf(tag->attributes[i].name, sizeof(tag->attributes[i].name),
                 "%.*s", (int)n, at);
        tag->attributes[i].value[0] = '\0';
        at += n;
        if (*at != '=')
            continue;
        at++;
        char quote[2] = {*at == '"' || *at == '\'' ? *at++ : ' ', '\0'};
        n = quote[0] == ' ' ? strcspn(at, " \t\r\n>") : strcspn(at, quote);
        if (quote[0] != ' ' && at[n] != quote[0])
            n = strlen(at); /* unterminated: take the rest */
        snprintf(tag->attributes[i].value, sizeof(tag->attributes[i].value),
                 "%.*s", (int)n, at);
        unescape(tag->attributes[i].value);
        at += n + (quote[0] != ' ' && at[n] == quote[0]);
    }
}

/* The value of attribute `name`, or NULL. */
static const char *attribute(const struct tag *tag, const char *name)
{
    for (int i = 0; i < tag->count; i++)
        if (strcmp(tag->attributes[i].name, name) == 0)
            return tag->attributes[i].value;
    return NULL;
}

/* Call visit() for every start tag of a DOM, in order. */
static void each_tag(const char *dom,
                     void (*visit)(const struct tag *tag, void *context),
                     void *context)
{
    struct tag tag;
    const char *at = dom;

    while ((at = strchr(at, '<'))) {
        at++;
        if (strncmp(at, "!--", 3) == 0) {
            const char *end = strstr(at, "-->");
            at = end ? end + 3 : at + strlen(at);
            continue;
        }
        if (*at == '!' || *at == '/' || *at == '?')
            continue;
        at = parse_tag(at, &tag);
        visit(&tag, context);
    }
}

/* Problems found, collected to report them all at once. */
struct problems {
    int count;
    char text[4096];
};

static void problem(struct problems *list, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct problems *list, const char *format, ...)
{
    size_t used = strlen(list->text);
    va_list args;

    list->count++;
    if (list->count > 20 || used + 2 >= sizeof(list->text))
        return;
    va_start(args, format);
    vsnprintf(list->text + used, sizeof(list->text) - used, format, args);
    va_end(args);
    used = strlen(list->text);
    snprintf(list->text + used, sizeof(list->text) - used, "\n");
}

/* Does a DOM have an element with this id? */
static bool has_id(const char *dom, const char *id)
{
    char needle[600];

    snprintf(needle, sizeof(needle), " id=\"%s\"", id);
    return dom && strstr(dom, needle) != NULL;
}

/* --- the tests ------------------------------------------------------ */

START_TEST(the_book_builds_a_page_for_every_chapter)
{
    char path[700];
    struct stat st;

    REQUIRE_BOOK_TOOLS();
    ck_assert_int_gt(book_pages, 1);
    for (int i = 0; i < page_count; i++) {
        snprintf(path, sizeof(path), "%s/%.63s.html", out_dir, pages[i].name);
        ck_assert_msg(stat(path, &st) == 0 && st.st_size > 1000,
                      "%s: missing or nearly empty", path);
        ck_assert_msg(pages[i].dom != NULL, "Chromium could not load %s", path);
    }
    snprintf(path, sizeof(path), "%s/book.css", out_dir);
    ck_assert_msg(stat(path, &st) == 0, "%s is missing", path);
}
END_TEST

START_TEST(every_page_has_its_title)
{
    char title[512];

    REQUIRE_BOOK_TOOLS();
    for (int i = 0; i < page_count; i++) {
        const char *dom = pages[i].dom;
        const char *start = dom ? strstr(dom, "<title>") : NULL;
        const char *end = start ? strstr(start, "</title>") : NULL;

        ck_assert_msg(end, "%s.html has no <title>", pages[i].name);
        snprintf(title, sizeof(title), "%.*s", (int)(end - start - 7),
                 start + 7);
        unescape(title);
        /* "Chapter 03 — Real mode · KVM 101": the page's own heading, and
         * the book's name. */
        if (pages[i].title[0])
            ck_assert_msg(
                strncmp(title, pages[i].title, strlen(pages[i].title)) == 0,
                "%s.html: the title is \"%s\", not \"%s\"", pages[i].name,
                title, pages[i].title);
        ck_assert_msg(strstr(title, "KVM 101"),
                      "%s.html: the title \"%s\" does not name the book",
                      pages[i].name, title);
    }
}
END_TEST

struct link_check {
    const struct page *page;
    struct problems *problems;
    char seen_ids[1 << 18];
};

/* Is `target` (an href or src of page `from`, no fragment) an existing
 * file or directory? Fills `path` with where it was looked for. */
static bool target_exists(const char *target, char *path, size_t size)
{
    struct stat st;

    if (target[0] == '/')
        snprintf(path, size, "%s", target);
    else
        snprintf(path, size, "%s/%s", out_dir, target);
    return stat(path, &st) == 0;
}

/* Does a Markdown file (the README) have a heading whose anchor, as a forge
 * makes it, is `fragment`? Lower case, spaces to hyphens, other punctuation
 * dropped: "## Requirements" is #requirements. */
static bool markdown_has_heading(const char *path, const char *fragment)
{
    char line[1024], anchor[1024];
    FILE *f = fopen(path, "r");
    bool found = false;

    while (f && !found && fgets(line, sizeof(line), f)) {
        size_t n = 0;
        const char *at = line + strspn(line, "#");

        if (line[0] != '#' || *at != ' ')
            continue;
        for (at++; *at && *at != '\n'; at++) {
            unsigned char c = *at;

            if (c == ' ')
                anchor[n++] = '-';
            else if (c >= 'A' && c <= 'Z')
                anchor[n++] = c - 'A' + 'a';
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_' || c >= 0x80)
                anchor[n++] = c;
        }
        anchor[n] = '\0';
        found = strcmp(anchor, fragment) == 0;
    }
    if (f)
        fclose(f);
    return found;
}

static void check_link(const struct tag *tag, void *context)
{
    struct link_check *check = context;
    const char *from = check->page->name;
    const char *attribute_name =
        strcmp(tag->name, "img") == 0 || strcmp(tag->name, "script") == 0
            ? "src"
            : "href";
    const char *value = attribute(tag, attribute_name);
    const char *id = attribute(tag, "id");
    char target[512], path[1100], fragment[512] = "";
    char *hash;

    if (id) { /* every id once per page: a fragment must be unambiguous */
        char key[520];

        snprintf(key, sizeof(key), "|%s|", id);
        if (strstr(check->seen_ids, key))
            problem(check->problems, "%s.html: the id \"%s\" is there twice",
                    from, id);
        else if (strlen(check->seen_ids) + strlen(key) <
                 sizeof(check->seen_ids))
            strcat(check->seen_ids, key);
    }
    if (!value || strncmp(value, "mailto:", 7) == 0)
        return;
    if (strncmp(value, "http:", 5) == 0 || strncmp(value, "https:", 6) == 0 ||
        strncmp(value, "//", 2) == 0) {
        if (strcmp(tag->name, "a") != 0)
            problem(check->problems, "%s.html: <%s> loads %s from the network",
                    from, tag->name, value);
        return;
    }
    snprintf(target, sizeof(target), "%s", value);
    if ((hash = strchr(target, '#'))) {
        snprintf(fragment, sizeof(fragment), "%s", hash + 1);
        *hash = '\0';
    }
    if (target[0] && !target_exists(target, path, sizeof(path))) {
        problem(check->problems, "%s.html: <%s %s=\"%s\">: %s does not exist",
                from, tag->name, attribute_name, value, path);
        return;
    }
    if (strcmp(tag->name, "img") == 0 &&
        (strncmp(target, "figures/", 8) != 0 ||
         strcmp(target + strlen(target) - 4, ".svg") != 0))
        problem(check->problems,
                "%s.html: the image %s is not an SVG in "
                "figures/",
                from, value);
    if (!fragment[0])
        return;
    /* The fragment must name an element of the page it points to. */
    char name[64] = "";
    size_t length = strlen(target);

    if (!target[0])
        snprintf(name, sizeof(name), "%s", from);
    else if (length > 5 && !strchr(target, '/') &&
             strcmp(target + length - 5, ".html") == 0)
        snprintf(name, sizeof(name), "%.*s", (int)(length - 5), target);
    const struct page *to = name[0] ? page_named(name) : NULL;
    if (!to && length > 3 && strcmp(target + length - 3, ".md") == 0) {
        if (!markdown_has_heading(path, fragment))
            problem(check->problems,
                    "%s.html: the link %s: %s has no "
                    "heading \"#%s\"",
                    from, value, path, fragment);
        return;
    }
    if (!to) {
        problem(check->problems,
                "%s.html: the link %s points into %s, which "
                "is not a page of the book",
                from, value, target);
        return;
    }
    if (!has_id(to->dom, fragment))
        problem(check->problems,
                "%s.html: the link %s: %s.html has no "
                "element with id \"%s\"",
                from, value, to->name, fragment);
}

START_TEST(every_link_and_image_inside_the_book_resolves)
{
    static struct link_check check;
    struct problems problems = {0};

    REQUIRE_BOOK_TOOLS();
    for (int i = 0; i < page_count; i++) {
        if (!pages[i].dom)
            continue;
        check.page = &pages[i];
        check.problems = &problems;
        check.seen_ids[0] = '\0';
        each_tag(pages[i].dom, check_link, &check);
    }
    ck_assert_msg(problems.count == 0, "%d broken link(s):\n%s", problems.count,
                  problems.text);
}
END_TEST

struct navigation {
    char hrefs[1 << 15]; /* every <a href>, as "|href|" */
    char previous[256];  /* the href of the first rel=prev link */
    char next[256];
};

static void collect_navigation(const struct tag *tag, void *context)
{
    struct navigation *nav = context;
    const char *href = attribute(tag, "href");
    const char *rel = attribute(tag, "rel");

    if (!href)
        return;
    if (strcmp(tag->name, "a") == 0 &&
        strlen(nav->hrefs) + strlen(href) + 3 < sizeof(nav->hrefs)) {
        strcat(nav->hrefs, "|");
        strcat(nav->hrefs, href);
        strcat(nav->hrefs, "|");
    }
    if (rel && strcmp(rel, "prev") == 0 && !nav->previous[0])
        snprintf(nav->previous, sizeof(nav->previous), "%s", href);
    if (rel && strcmp(rel, "next") == 0 && !nav->next[0])
        snprintf(nav->next, sizeof(nav->next), "%s", href);
}

START_TEST(every_page_lists_every_chapter_and_links_to_its_neighbours)
{
    static struct navigation nav;
    char wanted[300];

    REQUIRE_BOOK_TOOLS();
    for (int i = 0; i < page_count; i++) {
        bool single = strcmp(pages[i].name, "all") == 0;

        memset(&nav, 0, sizeof(nav));
        each_tag(pages[i].dom, collect_navigation, &nav);
        /* The sidebar: every page of the book (on the single page, as a
         * link to its section). */
        for (int j = 0; j < book_pages; j++) {
            snprintf(wanted, sizeof(wanted), single ? "|#%s|" : "|%s.html|",
                     pages[j].name);
            ck_assert_msg(strstr(nav.hrefs, wanted),
                          "%s.html does not link to %s", pages[i].name, wanted);
        }
        if (i >= book_pages)
            continue;
        /* Previous and next, in the book's order; before the first page
         * comes the contents. */
        snprintf(wanted, sizeof(wanted), "%s.html",
                 i == 0 ? "index" : pages[i - 1].name);
        ck_assert_str_eq(nav.previous, wanted);
        if (i + 1 < book_pages) {
            snprintf(wanted, sizeof(wanted), "%s.html", pages[i + 1].name);
            ck_assert_str_eq(nav.next, wanted);
        } else {
            ck_assert_msg(!nav.next[0], "the last page links to a next one");
        }
        /* A chapter links to its code. */
        snprintf(wanted, sizeof(wanted), "chapters/%.63s", pages[i].name);
        if (access(wanted, F_OK) == 0) {
            snprintf(wanted, sizeof(wanted), "chapters/%.63s/main.c|",
                     pages[i].name);
            ck_assert_msg(strstr(nav.hrefs, wanted),
                          "%s.html does not link to its code, %s",
                          pages[i].name, wanted);
        }
    }
}
END_TEST

START_TEST(every_listing_has_a_caption_and_code_is_highlighted)
{
    const struct page *chapter = page_named(SCREENSHOT_PAGE);

    REQUIRE_BOOK_TOOLS();
    for (int i = 0; i < book_pages; i++) {
        int captions =
            count_occurrences(pages[i].dom, "class=\"listing-caption\"");

        ck_assert_msg(captions == pages[i].listings,
                      "%s.html: %d listings in the Markdown, %d captions",
                      pages[i].name, pages[i].listings, captions);
    }
    if (!chapter)
        return;
    /* C, the guest's assembly (GNU as) and shell, highlighted by pandoc;
     * terminal sessions marked up as such. */
    ck_assert_ptr_nonnull(
        strstr(chapter->dom, "<code class=\"sourceCode c\">"));
    ck_assert_ptr_nonnull(
        strstr(chapter->dom, "<code class=\"sourceCode gnuassembler\">"));
    ck_assert_ptr_nonnull(
        strstr(chapter->dom, "<code class=\"sourceCode bash\">"));
    ck_assert_ptr_nonnull(strstr(chapter->dom, "<span class=\"kw\">"));
    ck_assert_ptr_nonnull(strstr(chapter->dom, "<span class=\"co\">"));
    ck_assert_ptr_nonnull(strstr(chapter->dom, "<div class=\"transcript\">"));
    ck_assert_ptr_nonnull(strstr(chapter->dom,
                                 "<span class=\"listing-what\"><code>"
                                 "run_loop()</code></span>"));
}
END_TEST

START_TEST(the_book_needs_nothing_from_the_network)
{
    char path[600];
    FILE *f;
    char line[1024];

    REQUIRE_BOOK_TOOLS();
    /* The pages: no scripts at all, and (checked with the links) no style
     * sheet, image or font from elsewhere. */
    for (int i = 0; i < page_count; i++)
        ck_assert_msg(!strstr(pages[i].dom, "<script"), "%s.html has a script",
                      pages[i].name);
    /* The style sheet: no web fonts, no imports, no remote images. */
    snprintf(path, sizeof(path), "%s/book.css", out_dir);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof(line), f)) {
        ck_assert_msg(!strstr(line, "@import") && !strstr(line, "@font-face") &&
                          !strstr(line, "url("),
                      "book.css loads something: %s", line);
    }
    fclose(f);
}
END_TEST

START_TEST(a_screenshot_of_a_chapter)
{
    char action[700], path[600];
    unsigned char header[24];
    struct process p;
    struct stat st;
    FILE *f;

    REQUIRE_BOOK_TOOLS();
    ck_assert_ptr_nonnull(page_named(SCREENSHOT_PAGE));
    snprintf(path, sizeof(path), "%s/screenshot-03.png", out_dir);
    unlink(path);
    snprintf(action, sizeof(action), "--screenshot=%s", path);
    ck_assert_int_eq(run_chromium(SCREENSHOT_PAGE, action, &p), 0);
    ck_assert_msg(p.exit_code == 0, "chromium --screenshot failed:\n%s", p.err);
    process_free(&p);
    /* A PNG of the window's size, and not a blank one: a page of text and
     * code compresses far less than an empty window. */
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "no screenshot at %s", path);
    ck_assert_int_eq(fread(header, 1, sizeof(header), f), sizeof(header));
    fclose(f);
    ck_assert_int_eq(memcmp(header, "\x89PNG\r\n\x1a\n", 8), 0);
    ck_assert_int_eq(header[16] << 24 | header[17] << 16 | header[18] << 8 |
                         header[19],
                     1280);
    ck_assert_int_eq(header[20] << 24 | header[21] << 16 | header[22] << 8 |
                         header[23],
                     900);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_msg(st.st_size > 40000,
                  "the screenshot is nearly empty (%lld "
                  "bytes)",
                  (long long)st.st_size);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("tooling/book_html");
    TCase *tc = tcase_create("book_html");

    tcase_add_unchecked_fixture(tc, build_and_load, NULL);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, the_book_builds_a_page_for_every_chapter);
    tcase_add_test(tc, every_page_has_its_title);
    tcase_add_test(tc, every_link_and_image_inside_the_book_resolves);
    tcase_add_test(tc,
                   every_page_lists_every_chapter_and_links_to_its_neighbours);
    tcase_add_test(tc, every_listing_has_a_caption_and_code_is_highlighted);
    tcase_add_test(tc, the_book_needs_nothing_from_the_network);
    tcase_add_test(tc, a_screenshot_of_a_chapter);
    suite_add_tcase(suite, tc);
    return suite;
}
