#include <stdio.h>
#include <stdlib.h>
#include "meter.h"

int clamp(int value, int low, int high) {
    if (value < low) {
        return low;
    }
    if (value > high) {
        return high;
    }
    return value;
}

int level(int reading) {
    int v = clamp(reading, 0, 100);
    if (v >= 80 && reading < 1000) {
        return 3;
    } else if (v >= 50) {
        return 2;
    } else if (v > 0) {
        return 1;
    }
    return 0;
}

const char *name(int lvl) {
    switch (lvl) {
    case 3:
        return "high";
    case 2:
        return "medium";
    case 1:
        return "low";
    default:
        return "off";
    }
}

int average(const int *values, int count) {
    if (count <= 0) {
        fprintf(stderr, "no values\n");
        return 0;
    }
    long sum = 0;
    for (int i = 0; i < count; i++) {
        sum += values[i];
    }
    return (int)(sum / count);
}
