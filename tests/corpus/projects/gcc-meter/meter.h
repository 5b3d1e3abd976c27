#ifndef METER_H
#define METER_H
int clamp(int value, int low, int high);
int level(int reading);
const char *name(int lvl);
int average(const int *values, int count);
#endif
