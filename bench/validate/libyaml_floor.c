/* The floor any YAML-based validator sits on: walk the same directory tree and run libyaml's
 * event parser over every .yaml/.yml file, doing nothing with the events.
 * Build: cc -O2 libyaml_floor.c -lyaml -o libyaml_floor
 * Usage: libyaml_floor REPO_DIR   (prints files, events) */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static long files, events;

static int parse_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 1; }
    yaml_parser_t parser;
    yaml_event_t event;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int done = 0, status = 0;
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) { fprintf(stderr, "%s: %s\n", path, parser.problem); status = 1; break; }
        done = event.type == YAML_STREAM_END_EVENT;
        events++;
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    files++;
    return status;
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
    (void)sb; (void)ftw;
    size_t n = strlen(path);
    if (type == FTW_F && ((n > 5 && !strcmp(path + n - 5, ".yaml")) || (n > 4 && !strcmp(path + n - 4, ".yml"))))
        return parse_file(path);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s REPO_DIR\n", argv[0]); return 2; }
    if (nftw(argv[1], visit, 32, FTW_PHYS) != 0) return 1;
    printf("%ld files, %ld events\n", files, events);
    return 0;
}
