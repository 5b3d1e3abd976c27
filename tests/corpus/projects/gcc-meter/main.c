#include <stdio.h>
#include <stdlib.h>
#include "meter.h"

int main(int argc, char **argv) {
    int readings[8] = {90, 55, 120};
    int count = 3;
    if (argc > 1) {
        count = 0;
        for (int i = 1; i < argc && count < 8; i++) {
            readings[count++] = atoi(argv[i]);
        }
    }
    for (int i = 0; i < count; i++) {
        printf("%d -> %s\n", readings[i], name(level(readings[i])));
    }
    printf("average %d\n", average(readings, count));
    return 0;
}
