/* The JUnit reader's hot path in C: a passing <testcase/> is counted without making a Python object.

   `qe_actions.readers.tests.junit` reads with pyexpat when this module is absent; with it, the same reader's
   Python handlers run for everything except childless test cases, which this module counts itself exactly
   as `JUnitReader.end_outside` would (same key, same order of additions). Anything it is not sure about
   (a case with no class name, an unusual `time`, one slow enough to enter the slowest list, any XML error)
   goes to the Python handlers, or makes the caller read the file again with pyexpat, which words every error.

   Expat comes from pyexpat's own C API capsule (the way `_elementtree` gets it), so the parser is the one
   Python ships and no expat headers are needed: the few declarations used are written out below. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- the parts of expat's API used here (ABI of expat 2.x as pyexpat exposes it) ---------------- */
typedef struct XML_ParserStruct *XML_Parser;
typedef char XML_Char;
typedef char XML_LChar;
typedef void (*XML_StartElementHandler)(void *, const XML_Char *, const XML_Char **);
typedef void (*XML_EndElementHandler)(void *, const XML_Char *);
typedef void (*XML_CharacterDataHandler)(void *, const XML_Char *, int);
typedef void (*XML_StartDoctypeDeclHandler)(void *, const XML_Char *, const XML_Char *, const XML_Char *, int);
typedef void *XML_AnyFunction;

/* pyexpat.h's `struct PyExpat_CAPI`, up to the last member used here. */
struct qe_expat_capi {
    char *magic;
    int size;
    int MAJOR_VERSION;
    int MINOR_VERSION;
    int MICRO_VERSION;
    const XML_LChar *(*ErrorString)(int code);
    int (*GetErrorCode)(XML_Parser parser);
    XML_AnyFunction GetErrorColumnNumber;
    XML_AnyFunction GetErrorLineNumber;
    int (*Parse)(XML_Parser parser, const char *s, int len, int isFinal);
    XML_Parser (*ParserCreate_MM)(const XML_Char *encoding, const void *memsuite, const XML_Char *sep);
    void (*ParserFree)(XML_Parser parser);
    void (*SetCharacterDataHandler)(XML_Parser parser, XML_CharacterDataHandler handler);
    XML_AnyFunction SetCommentHandler;
    XML_AnyFunction SetDefaultHandlerExpand;
    void (*SetElementHandler)(XML_Parser parser, XML_StartElementHandler start, XML_EndElementHandler end);
    XML_AnyFunction SetNamespaceDeclHandler;
    XML_AnyFunction SetProcessingInstructionHandler;
    XML_AnyFunction SetUnknownEncodingHandler;
    void (*SetUserData)(XML_Parser parser, void *userData);
    void (*SetStartDoctypeDeclHandler)(XML_Parser parser, XML_StartDoctypeDeclHandler start);
};

#define CAPI_MAGIC "pyexpat.expat_CAPI 1.1"
#define KEY_MASK ((UINT64_C(1) << 60) - 1)
#define TEXT_BUFFER 65536

static struct qe_expat_capi *expat_api = NULL;
static PyObject *FastParserError = NULL;
static PyObject *str_testcase = NULL;

/* One growable array of int64 per bucket: `key << 3` of each run counted here (outcome 0: passed). */
typedef struct {
    int64_t *items;
    Py_ssize_t used, size;
} Bucket;

typedef struct {
    PyObject_HEAD
    XML_Parser parser;
    PyObject *reader;        /* JUnitReader: `duration`, `_fast_sync(count, duration)` */
    PyObject *sink;          /* CaseSink: `slow_floor` */
    PyObject *start;         /* Python handlers, as on a pyexpat parser (or NULL) */
    PyObject *end;
    PyObject *chars;
    int hot;                 /* the reader is between test cases: count childless ones here */
    int seen_root;           /* the root element went to Python (its checks come first) */
    int failed;              /* a Python handler raised: ignore the rest of the chunk */
    int refused;             /* a DOCTYPE with an internal subset: the caller must not use this result */
    /* the <testcase> started in the hot path and not yet ended: its attributes, copied */
    int pending;
    int python_case;         /* a <testcase> too unusual to stash went to Python and has not ended yet */
    char *attr_buf;
    Py_ssize_t attr_used, attr_size;
    Py_ssize_t attr_offsets[64];
    int attr_count;          /* pairs; -1 when the case has more attributes than fit (hand it to Python) */
    /* counted here since the last sync with the reader */
    Py_ssize_t count;
    double duration;
    int duration_known;
    double slow_floor;
    int floor_known;
    /* the last owner seen, as bytes and as str (see owner_object) */
    char *owner_bytes;
    size_t owner_len, owner_size;
    PyObject *owner;
    /* character data merged into one call, like pyexpat's buffer_text */
    char *text;
    Py_ssize_t text_used;
    Bucket buckets[256];
} FastParser;

/* ---- small helpers ----------------------------------------------------------------------------- */
static int bucket_append(Bucket *bucket, int64_t value) {
    if (bucket->used == bucket->size) {
        Py_ssize_t size = bucket->size ? bucket->size * 2 : 1024;
        int64_t *items = PyMem_Realloc(bucket->items, (size_t)size * sizeof(int64_t));
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        bucket->items = items;
        bucket->size = size;
    }
    bucket->items[bucket->used++] = value;
    return 0;
}

static void set_expat_handlers(FastParser *self);

/* handler(argument), dropping the result; takes over `argument` (NULL: its making failed). -1 on error. */
static int call_one(PyObject *handler, PyObject *argument) {
    if (argument == NULL) {
        return -1;
    }
    PyObject *result = PyObject_CallOneArg(handler, argument);
    Py_DECREF(argument);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

static void fail(FastParser *self) {
    /* pyexpat does the same after an exception in a handler: stop calling back, raise after Parse. */
    self->failed = 1;
    expat_api->SetElementHandler(self->parser, NULL, NULL);
    expat_api->SetCharacterDataHandler(self->parser, NULL);
}

static int flush_text(FastParser *self) {
    if (self->text_used == 0) {
        return 0;
    }
    if (self->failed) {
        self->text_used = 0;  /* the parse is over: nobody wants the text, least of all a cleanup */
        return 0;
    }
    Py_ssize_t used = self->text_used;
    self->text_used = 0;
    if (self->chars == NULL) {
        return 0;
    }
    return call_one(self->chars, PyUnicode_DecodeUTF8(self->text, used, "strict"));
}

/* Give the reader what was counted here, before any of its handlers runs (they may read or change it). */
static int sync_reader(FastParser *self) {
    if (self->count > 0) {
        PyObject *result = PyObject_CallMethod(self->reader, "_fast_sync", "nd", self->count, self->duration);
        if (result == NULL) {
            return -1;
        }
        Py_DECREF(result);
        self->count = 0;
    }
    self->duration_known = 0;
    self->floor_known = 0;
    return 0;
}

static int before_python(FastParser *self) {
    if (flush_text(self) < 0) {
        return -1;
    }
    return sync_reader(self);
}

static PyObject *attrs_dict(const char **atts) {
    PyObject *dict = PyDict_New();
    if (dict == NULL) {
        return NULL;
    }
    for (; atts[0] != NULL; atts += 2) {
        PyObject *value = PyUnicode_DecodeUTF8(atts[1], (Py_ssize_t)strlen(atts[1]), "strict");
        if (value == NULL || PyDict_SetItemString(dict, atts[0], value) < 0) {
            Py_XDECREF(value);
            Py_DECREF(dict);
            return NULL;
        }
        Py_DECREF(value);
    }
    return dict;
}

static int call_start(FastParser *self, PyObject *name, PyObject *attrs) {
    if (self->start == NULL) {
        return 0;
    }
    PyObject *result = PyObject_CallFunctionObjArgs(self->start, name, attrs, NULL);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

static int forward_start(FastParser *self, const char *name, const char **atts) {
    if (before_python(self) < 0) {
        return -1;
    }
    if (self->start == NULL) {
        return 0;
    }
    PyObject *pyname = PyUnicode_FromString(name);
    PyObject *attrs = pyname ? attrs_dict(atts) : NULL;
    int status = attrs ? call_start(self, pyname, attrs) : -1;
    Py_XDECREF(pyname);
    Py_XDECREF(attrs);
    return status;
}

static int forward_end(FastParser *self, const char *name) {
    if (before_python(self) < 0) {
        return -1;
    }
    if (self->end == NULL) {
        return 0;
    }
    return call_one(self->end, PyUnicode_FromString(name));
}

/* ---- the pending <testcase>: kept as bytes until we know whether it has children -------------------- */
static int stash(FastParser *self, const char **atts) {
    self->attr_used = 0;
    self->attr_count = 0;
    for (; atts[0] != NULL; atts += 2) {
        if (self->attr_count == 32) {
            self->attr_count = -1;  /* unusual: Python gets the original attributes (see on_start) */
            return 0;
        }
        for (int i = 0; i < 2; i++) {
            Py_ssize_t len = (Py_ssize_t)strlen(atts[i]) + 1;
            if (self->attr_used + len > self->attr_size) {
                Py_ssize_t size = (self->attr_used + len) * 2;
                char *buf = PyMem_Realloc(self->attr_buf, (size_t)size);
                if (buf == NULL) {
                    PyErr_NoMemory();
                    return -1;
                }
                self->attr_buf = buf;
                self->attr_size = size;
            }
            self->attr_offsets[self->attr_count * 2 + i] = self->attr_used;
            memcpy(self->attr_buf + self->attr_used, atts[i], (size_t)len);
            self->attr_used += len;
        }
        self->attr_count++;
    }
    return 0;
}

static const char *stashed(FastParser *self, const char *key) {
    for (int i = 0; i < self->attr_count; i++) {
        if (strcmp(self->attr_buf + self->attr_offsets[i * 2], key) == 0) {
            return self->attr_buf + self->attr_offsets[i * 2 + 1];
        }
    }
    return NULL;
}

/* Hand the pending case's start to Python, as pyexpat would have. */
static int materialize(FastParser *self) {
    self->pending = 0;
    if (before_python(self) < 0) {
        return -1;
    }
    const char *atts[2 * 32 + 1];
    for (int i = 0; i < self->attr_count * 2; i++) {
        atts[i] = self->attr_buf + self->attr_offsets[i];
    }
    atts[self->attr_count * 2] = NULL;
    PyObject *attrs = attrs_dict(atts);
    if (attrs == NULL) {
        return -1;
    }
    int status = call_start(self, str_testcase, attrs);
    Py_DECREF(attrs);
    return status;
}

/* A `time` Python's float() reads the same way: digits, one point, an exponent; nothing else. */
static int plain_seconds(const char *text, double *out) {
    if (text == NULL || text[0] == '\0') {
        *out = 0.0;
        return 1;
    }
    int digits = 0;
    for (const char *c = text; *c; c++) {
        if (*c >= '0' && *c <= '9') {
            digits = 1;
        } else if (*c != '.' && *c != 'e' && *c != 'E' && *c != '+' && *c != '-') {
            return 0;
        }
    }
    if (!digits) {
        return 0;
    }
    /* the usual "0.123": at most 15 digits and no exponent. Both the digits (as an integer) and the power of
       ten are exact doubles then, so one IEEE division gives the correctly rounded value, as float() does. */
    {
        static const double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        uint64_t mantissa = 0;
        int count = 0, fraction = -1;
        const char *c = text;
        for (; *c; c++) {
            if (*c >= '0' && *c <= '9') {
                mantissa = mantissa * 10 + (uint64_t)(*c - '0');
                count++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (*c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                break;
            }
        }
        if (*c == '\0' && count > 0 && count <= 15) {
            *out = (double)mantissa / powers[fraction > 0 ? fraction : 0];
            return 1;
        }
    }
    char *end = NULL;
    double value = PyOS_string_to_double(text, &end, NULL);
    if (value == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    if (end == NULL || *end != '\0' || !isfinite(value)) {
        return 0;  /* Python decides (an overflow to inf counts as 0 there) */
    }
    *out = value;
    return 1;
}

/* The owner (class name) as a str; consecutive cases mostly share it, so the last one is kept (with its
   hash, which str caches) instead of decoding and hashing it again for every case. Borrowed reference. */
static PyObject *owner_object(FastParser *self, const char *owner) {
    size_t len = strlen(owner);
    if (self->owner != NULL && self->owner_len == len && memcmp(self->owner_bytes, owner, len) == 0) {
        return self->owner;
    }
    PyObject *text = PyUnicode_DecodeUTF8(owner, (Py_ssize_t)len, "strict");
    if (text == NULL) {
        return NULL;
    }
    if (len > self->owner_size) {
        char *bytes = PyMem_Realloc(self->owner_bytes, len);
        if (bytes == NULL) {
            Py_DECREF(text);
            PyErr_NoMemory();
            return NULL;
        }
        self->owner_bytes = bytes;
        self->owner_size = len;
    }
    memcpy(self->owner_bytes, owner, len);
    self->owner_len = len;
    Py_XSETREF(self->owner, text);
    return text;
}

/* A float attribute of a Python object (the sink's slow floor, the reader's running total). */
static int float_attribute(PyObject *owner, const char *name, double *out) {
    PyObject *value = PyObject_GetAttrString(owner, name);
    if (value == NULL) {
        return -1;
    }
    *out = PyFloat_AsDouble(value);
    Py_DECREF(value);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* Count a childless case here when it is an ordinary pass; 0 when done, 1 when Python must do it, -1 on error.
   Mirrors `JUnitReader.end_outside`: owner = classname or class (a suite name needs Python), key =
   hash((owner, name)) & KEY_MASK, `key << 3` into bucket `key & 255`, duration added in document order. */
static int count_pass(FastParser *self) {
    const char *owner = stashed(self, "classname");
    if (owner == NULL || owner[0] == '\0') {
        owner = stashed(self, "class");
    }
    if (owner == NULL || owner[0] == '\0') {
        return 1;
    }
    double seconds;
    if (!plain_seconds(stashed(self, "time"), &seconds)) {
        return 1;
    }
    if (!self->floor_known) {
        if (float_attribute(self->sink, "slow_floor", &self->slow_floor) < 0) {
            return -1;
        }
        self->floor_known = 1;
    }
    if (seconds > self->slow_floor) {
        return 1;  /* it enters the slowest list: the Python path keeps its name */
    }
    const char *name = stashed(self, "name");
    if (name == NULL) {
        name = "";
    }
    PyObject *owner_str = owner_object(self, owner);
    PyObject *name_str = owner_str ? PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "strict") : NULL;
    PyObject *pair = name_str ? PyTuple_Pack(2, owner_str, name_str) : NULL;
    Py_XDECREF(name_str);
    if (pair == NULL) {
        return -1;
    }
    Py_hash_t hash = PyObject_Hash(pair);
    Py_DECREF(pair);
    if (hash == -1 && PyErr_Occurred()) {
        return -1;
    }
    uint64_t key = (uint64_t)hash & KEY_MASK;
    if (bucket_append(&self->buckets[key & 255], (int64_t)(key << 3)) < 0) {
        return -1;
    }
    if (!self->duration_known) {
        if (float_attribute(self->reader, "duration", &self->duration) < 0) {
            return -1;
        }
        self->duration_known = 1;
    }
    self->duration += seconds;
    self->count++;
    return 0;
}

/* ---- expat callbacks ----------------------------------------------------------------------------- */
static void on_start(void *data, const XML_Char *name, const XML_Char **atts) {
    FastParser *self = (FastParser *)data;
    if (self->failed) {
        return;
    }
    if (self->hot && self->seen_root && !self->python_case) {
        if (self->pending) {
            /* the case has a child after all: Python reads it, from its start */
            if (materialize(self) < 0) {
                fail(self);
                return;
            }
        } else if (strcmp(name, "testcase") == 0) {
            if (stash(self, atts) < 0) {
                fail(self);
                return;
            }
            if (self->attr_count >= 0) {
                self->pending = 1;
                return;
            }
            self->python_case = 1;  /* Python holds this case open: what follows until an end is its child */
        }
    }
    self->seen_root = 1;
    if (forward_start(self, name, atts) < 0) {
        fail(self);
    }
}

static void on_end(void *data, const XML_Char *name) {
    FastParser *self = (FastParser *)data;
    if (self->failed) {
        return;
    }
    self->python_case = 0;
    if (self->pending) {
        /* only the pending case itself can end here: any child would have handed it to Python */
        self->pending = 0;
        int status = count_pass(self);
        if (status == 0) {
            return;
        }
        if (status < 0 || materialize(self) < 0) {
            fail(self);
            return;
        }
    }
    if (forward_end(self, name) < 0) {
        fail(self);
    }
}

static void on_chars(void *data, const XML_Char *text, int len) {
    FastParser *self = (FastParser *)data;
    if (self->failed || self->chars == NULL) {
        return;
    }
    if (self->text_used + len > TEXT_BUFFER) {
        if (flush_text(self) < 0) {
            fail(self);
            return;
        }
    }
    if (len > TEXT_BUFFER) {
        if (call_one(self->chars, PyUnicode_DecodeUTF8(text, len, "strict")) < 0) {
            fail(self);
        }
        return;
    }
    memcpy(self->text + self->text_used, text, (size_t)len);
    self->text_used += len;
}

static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid, int internal) {
    FastParser *self = (FastParser *)data;
    (void)name, (void)sysid, (void)pubid;
    if (internal) {
        /* entity declarations may follow: stop calling anything; the caller reads the file with pyexpat,
           which refuses them by name */
        self->refused = 1;
        fail(self);
    }
}

static void set_expat_handlers(FastParser *self) {
    if (self->failed) {
        return;
    }
    expat_api->SetElementHandler(self->parser, on_start, on_end);
    expat_api->SetCharacterDataHandler(self->parser, self->chars ? on_chars : NULL);
}

/* ---- the Python type ----------------------------------------------------------------------------- */
static int FastParser_init(FastParser *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"reader", "sink", NULL};
    PyObject *reader, *sink;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO", kwlist, &reader, &sink)) {
        return -1;
    }
    if (self->parser != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a FastParser is made once");
        return -1;
    }
    self->text = PyMem_Malloc(TEXT_BUFFER);
    if (self->text == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->parser = expat_api->ParserCreate_MM(NULL, NULL, NULL);
    if (self->parser == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_INCREF(reader);
    self->reader = reader;
    Py_INCREF(sink);
    self->sink = sink;
    expat_api->SetUserData(self->parser, self);
    expat_api->SetStartDoctypeDeclHandler(self->parser, on_doctype);
    set_expat_handlers(self);
    return 0;
}

static int FastParser_traverse(FastParser *self, visitproc visit, void *arg) {
    Py_VISIT(self->reader);
    Py_VISIT(self->sink);
    Py_VISIT(self->start);
    Py_VISIT(self->end);
    Py_VISIT(self->chars);
    return 0;
}

static int FastParser_clear(FastParser *self) {
    Py_CLEAR(self->reader);
    Py_CLEAR(self->sink);
    Py_CLEAR(self->start);
    Py_CLEAR(self->end);
    Py_CLEAR(self->chars);
    Py_CLEAR(self->owner);
    return 0;
}

static void free_buckets(FastParser *self) {
    for (int i = 0; i < 256; i++) {
        PyMem_Free(self->buckets[i].items);
        self->buckets[i].items = NULL;
        self->buckets[i].used = self->buckets[i].size = 0;
    }
}

static void FastParser_dealloc(FastParser *self) {
    PyObject_GC_UnTrack(self);
    FastParser_clear(self);
    if (self->parser != NULL) {
        expat_api->ParserFree(self->parser);
    }
    PyMem_Free(self->attr_buf);
    PyMem_Free(self->text);
    PyMem_Free(self->owner_bytes);
    free_buckets(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *FastParser_Parse(FastParser *self, PyObject *args) {
    Py_buffer data;
    int final = 0;
    if (!PyArg_ParseTuple(args, "y*|p", &data, &final)) {
        return NULL;
    }
    if (self->parser == NULL) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_RuntimeError, "FastParser was not initialised");
        return NULL;
    }
    if (self->failed) {
        PyBuffer_Release(&data);
        PyErr_SetString(FastParserError, "the parser stopped at an earlier error");
        return NULL;
    }
    if (data.len > INT_MAX) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_ValueError, "a chunk must be under 2 GiB");
        return NULL;
    }
    int status = expat_api->Parse(self->parser, data.buf, (int)data.len, final);
    PyBuffer_Release(&data);
    if (self->failed) {
        if (self->refused) {
            PyErr_SetString(FastParserError, "document type declaration with an internal subset");
        }
        return NULL;  /* the exception a handler raised, or the one just set */
    }
    if (status == 0) {
        int code = expat_api->GetErrorCode(self->parser);
        PyErr_Format(FastParserError, "%s", expat_api->ErrorString(code));
        return NULL;
    }
    if (before_python(self) < 0) {
        fail(self);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *FastParser_drain(FastParser *self, PyObject *buckets) {
    /* Append the runs counted here to the sink's 256 arrays (each `array('q')`). Called after every chunk,
       so our own arrays stay small (their room is kept for the next chunk) and only the sink's grow. */
    if (!PyList_Check(buckets) || PyList_GET_SIZE(buckets) != 256) {
        PyErr_SetString(PyExc_TypeError, "drain() takes the list of 256 arrays");
        return NULL;
    }
    for (int i = 0; i < 256; i++) {
        Bucket *bucket = &self->buckets[i];
        if (bucket->used == 0) {
            continue;
        }
        PyObject *view = PyMemoryView_FromMemory((char *)bucket->items, bucket->used * (Py_ssize_t)sizeof(int64_t), PyBUF_READ);
        if (view == NULL) {
            return NULL;
        }
        PyObject *result = PyObject_CallMethod(PyList_GET_ITEM(buckets, i), "frombytes", "O", view);
        Py_DECREF(view);
        if (result == NULL) {
            return NULL;
        }
        Py_DECREF(result);
        bucket->used = 0;
    }
    Py_RETURN_NONE;
}

static PyObject *get_handler(PyObject *handler) {
    if (handler == NULL) {
        Py_RETURN_NONE;
    }
    Py_INCREF(handler);
    return handler;
}

static int set_handler(FastParser *self, PyObject **slot, PyObject *value) {
    if (flush_text(self) < 0) {
        return -1;
    }
    if (value == Py_None) {
        value = NULL;
    }
    if (value != NULL && !PyCallable_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "a handler must be callable or None");
        return -1;
    }
    Py_XINCREF(value);
    Py_XSETREF(*slot, value);
    if (self->parser != NULL) {
        set_expat_handlers(self);
    }
    return 0;
}

static PyObject *get_start(FastParser *self, void *closure) { return get_handler(self->start); }
static PyObject *get_end(FastParser *self, void *closure) { return get_handler(self->end); }
static PyObject *get_chars(FastParser *self, void *closure) { return get_handler(self->chars); }
static int set_start(FastParser *self, PyObject *v, void *c) { return set_handler(self, &self->start, v); }
static int set_end(FastParser *self, PyObject *v, void *c) { return set_handler(self, &self->end, v); }
static int set_chars(FastParser *self, PyObject *v, void *c) { return set_handler(self, &self->chars, v); }
static PyObject *get_hot(FastParser *self, void *closure) { return PyBool_FromLong(self->hot); }
static int set_hot(FastParser *self, PyObject *value, void *closure) {
    int truth = value == NULL ? 0 : PyObject_IsTrue(value);
    if (truth < 0) {
        return -1;
    }
    self->hot = truth;
    return 0;
}

static PyGetSetDef FastParser_getset[] = {
    {"StartElementHandler", (getter)get_start, (setter)set_start, "as on a pyexpat parser", NULL},
    {"EndElementHandler", (getter)get_end, (setter)set_end, "as on a pyexpat parser", NULL},
    {"CharacterDataHandler", (getter)get_chars, (setter)set_chars, "as on a pyexpat parser", NULL},
    {"hot", (getter)get_hot, (setter)set_hot, "between test cases: childless cases are counted in C", NULL},
    {NULL},
};

static PyMethodDef FastParser_methods[] = {
    {"Parse", (PyCFunction)FastParser_Parse, METH_VARARGS, "Parse(data, final=False): feed one chunk."},
    {"drain", (PyCFunction)FastParser_drain, METH_O, "drain(buckets): append the counted runs to the sink's arrays."},
    {NULL},
};

static PyTypeObject FastParserType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qe_actions._junitfast.FastParser",
    .tp_doc = "Expat parser that counts passing childless <testcase> elements in C and forwards the rest.",
    .tp_basicsize = sizeof(FastParser),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)FastParser_init,
    .tp_dealloc = (destructor)FastParser_dealloc,
    .tp_traverse = (traverseproc)FastParser_traverse,
    .tp_clear = (inquiry)FastParser_clear,
    .tp_methods = FastParser_methods,
    .tp_getset = FastParser_getset,
};

/* ---- tally(): the grouping step of `qe_actions.load.tests.summarise`, in C ------------------------- */
typedef struct {
    int64_t key;
    Py_ssize_t runs;
    int mask;
} TallySlot;

static int compare_int64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* tally(buckets, failing) -> (tests_by_mask, failing_runs)
   Each bucket holds `key << 3 | outcome code`. A test is one key; its mask ORs `1 << code` over its runs.
   tests_by_mask[m] is how many tests have mask m (64 entries); failing_runs lists (key, runs, mask) for each
   key in `failing` (a dict). Same result as the pure-Python grouping in summarise(), which it replaces. */
static PyObject *tally(PyObject *module, PyObject *args) {
    PyObject *buckets, *failing;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &buckets, &PyDict_Type, &failing)) {
        return NULL;
    }
    Py_ssize_t by_mask[64] = {0};
    PyObject *failing_runs = PyList_New(0);
    if (failing_runs == NULL) {
        return NULL;
    }
    TallySlot *work = NULL;
    Py_ssize_t work_size = 0;
    /* the failing keys, sorted, to look each test up without making a Python int (bsearch) */
    Py_ssize_t failing_count = PyDict_GET_SIZE(failing);
    int64_t *failing_keys = PyMem_Malloc((size_t)(failing_count ? failing_count : 1) * sizeof(int64_t));
    if (failing_keys == NULL) {
        Py_DECREF(failing_runs);
        return PyErr_NoMemory();
    }
    {
        Py_ssize_t pos = 0, index = 0;
        PyObject *dict_key, *value;
        while (PyDict_Next(failing, &pos, &dict_key, &value)) {
            long long number = PyLong_AsLongLong(dict_key);
            if (number == -1 && PyErr_Occurred()) {
                goto error;
            }
            failing_keys[index++] = (int64_t)number;
        }
        qsort(failing_keys, (size_t)failing_count, sizeof(int64_t), compare_int64);
    }
    for (Py_ssize_t b = 0; b < PyList_GET_SIZE(buckets); b++) {
        Py_buffer view;
        if (PyObject_GetBuffer(PyList_GET_ITEM(buckets, b), &view, PyBUF_FORMAT) < 0) {
            goto error;
        }
        if (view.itemsize != 8 || view.format == NULL || strcmp(view.format, "q") != 0) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_TypeError, "tally() takes arrays of type 'q'");
            goto error;
        }
        Py_ssize_t n = view.len / 8;
        /* an open-addressing table of the bucket's keys (they are hashes already: their bits spread) */
        Py_ssize_t slots = 16;
        while (slots < 2 * n) {
            slots *= 2;
        }
        if (slots > work_size) {
            TallySlot *grown = PyMem_Realloc(work, (size_t)slots * sizeof(TallySlot));
            if (grown == NULL) {
                PyBuffer_Release(&view);
                PyErr_NoMemory();
                goto error;
            }
            work = grown;
            work_size = slots;
        }
        for (Py_ssize_t i = 0; i < slots; i++) {
            work[i].key = -1;
        }
        const int64_t *values = (const int64_t *)view.buf;
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t key = values[i] >> 3;
            Py_ssize_t slot = (Py_ssize_t)((uint64_t)key >> 8) & (slots - 1);
            while (work[slot].key != -1 && work[slot].key != key) {
                slot = (slot + 1) & (slots - 1);
            }
            if (work[slot].key == -1) {
                work[slot].key = key;
                work[slot].mask = 0;
                work[slot].runs = 0;
            }
            work[slot].mask |= 1 << (values[i] & 7);
            work[slot].runs++;
        }
        PyBuffer_Release(&view);
        for (Py_ssize_t i = 0; i < slots; i++) {
            if (work[i].key == -1) {
                continue;
            }
            int64_t key = work[i].key;
            by_mask[work[i].mask & 63]++;
            if (failing_count > 0 && bsearch(&key, failing_keys, (size_t)failing_count, sizeof(int64_t), compare_int64)) {
                PyObject *item = Py_BuildValue("(Lni)", (long long)key, work[i].runs, work[i].mask);
                if (item == NULL || PyList_Append(failing_runs, item) < 0) {
                    Py_XDECREF(item);
                    goto error;
                }
                Py_DECREF(item);
            }
        }
    }
    PyMem_Free(work);
    PyMem_Free(failing_keys);
    PyObject *counts = PyList_New(64);
    if (counts == NULL) {
        Py_DECREF(failing_runs);
        return NULL;
    }
    for (int m = 0; m < 64; m++) {
        PyObject *number = PyLong_FromSsize_t(by_mask[m]);
        if (number == NULL) {
            Py_DECREF(counts);
            Py_DECREF(failing_runs);
            return NULL;
        }
        PyList_SET_ITEM(counts, m, number);
    }
    return Py_BuildValue("(NN)", counts, failing_runs);
error:
    PyMem_Free(work);
    PyMem_Free(failing_keys);
    Py_DECREF(failing_runs);
    return NULL;
}

static PyMethodDef module_methods[] = {
    {"tally", (PyCFunction)tally, METH_VARARGS, "tally(buckets, failing) -> (tests_by_mask, failing_runs)"},
    {NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "qe_actions._junitfast",
    .m_doc = "The JUnit reader's hot path in C (optional: the reader works without it).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__junitfast(void) {
    expat_api = (struct qe_expat_capi *)PyCapsule_Import("pyexpat.expat_CAPI", 0);
    if (expat_api == NULL) {
        return NULL;
    }
    if (strcmp(expat_api->magic, CAPI_MAGIC) != 0 || (size_t)expat_api->size < sizeof(struct qe_expat_capi)
        || expat_api->MAJOR_VERSION < 2) {
        PyErr_SetString(PyExc_ImportError, "pyexpat's C API is not the one this module was written for");
        return NULL;
    }
    if (PyType_Ready(&FastParserType) < 0) {
        return NULL;
    }
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL) {
        return NULL;
    }
    str_testcase = PyUnicode_InternFromString("testcase");
    FastParserError = PyErr_NewException("qe_actions._junitfast.FastParserError", NULL, NULL);
    if (str_testcase == NULL || FastParserError == NULL) {
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(FastParserError);
    Py_INCREF(&FastParserType);
    if (PyModule_AddObject(mod, "FastParserError", FastParserError) < 0
        || PyModule_AddObject(mod, "FastParser", (PyObject *)&FastParserType) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
