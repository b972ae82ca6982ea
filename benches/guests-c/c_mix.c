/* The c_mix workload: a C program of our own in the style of embedded benchmarks, compiled by clang for
 * wasm32-wasi against wasi-libc (its malloc, memset and memcpy). Three kernels per round, each folded into one
 * checksum:
 *   list:   nodes allocated with malloc, linked in a scrambled order, merge-sorted by key (stable), then walked;
 *   scan:   a text buffer classified by a switch-based state machine (numbers, decimals, words, other);
 *   matrix: a small int16 matrix product accumulated in 32 bits.
 * run(n) does n rounds and returns the checksum zero-extended; benches/src/reference/c_mix.rs is an independent
 * Rust implementation of the same definition. All arithmetic is on uint32_t (wrapping). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NODES 256
#define TEXT 1024
#define DIM 12

struct node {
    uint32_t key;
    uint32_t data;
    struct node *next;
};

static uint32_t seed;

/* The linear congruential generator every kernel draws from. */
static uint32_t next_random(void) {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

/* One step of a bitwise CRC-32 (reflected, polynomial 0xEDB88320) over the four bytes of value. */
static uint32_t crc_word(uint32_t crc, uint32_t value) {
    for (int byte = 0; byte < 4; byte++) {
        crc ^= (value >> (8 * byte)) & 0xff;
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
        }
    }
    return crc;
}

/* Stable merge sort of a list by key: on equal keys the node from the left half comes first. */
static struct node *merge_sort(struct node *list, uint32_t length) {
    if (length < 2) {
        return list;
    }
    uint32_t half = length / 2;
    struct node *right = list;
    for (uint32_t i = 1; i < half; i++) {
        right = right->next;
    }
    struct node *rest = right->next;
    right->next = NULL;
    struct node *a = merge_sort(list, half);
    struct node *b = merge_sort(rest, length - half);
    struct node head;
    struct node *tail = &head;
    while (a && b) {
        if (b->key < a->key) {
            tail->next = b;
            b = b->next;
        } else {
            tail->next = a;
            a = a->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

/* The list kernel: keys and data from the generator, linked in the order of a scrambled index, sorted, walked. */
static uint32_t list_kernel(uint32_t crc) {
    struct node *nodes = malloc(NODES * sizeof(struct node));
    uint16_t order[NODES];
    if (!nodes) {
        return crc;
    }
    for (uint32_t i = 0; i < NODES; i++) {
        nodes[i].key = next_random() & 0x3ff;
        nodes[i].data = next_random();
        order[i] = (uint16_t)i;
    }
    /* Fisher-Yates with the generator: the link order. */
    for (uint32_t i = NODES - 1; i > 0; i--) {
        uint32_t j = next_random() % (i + 1);
        uint16_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i + 1 < NODES; i++) {
        nodes[order[i]].next = &nodes[order[i + 1]];
    }
    nodes[order[NODES - 1]].next = NULL;
    struct node *list = merge_sort(&nodes[order[0]], NODES);
    uint32_t position = 0;
    for (struct node *n = list; n; n = n->next) {
        crc = crc_word(crc, n->key * 65536u + (n->data & 0xffff) + position);
        position++;
    }
    free(nodes);
    return crc;
}

/* The classes the scanner counts. */
enum { NUMBER, DECIMAL, WORD, OTHER, CLASSES };

/* The scan kernel: TEXT characters drawn from "0123456789.abc -+" and split at spaces; each token is
 * classified by a state machine: digits only is a number, digits with one '.' a decimal (a leading sign allowed
 * on both), letters only a word, anything else other. */
static uint32_t scan_kernel(uint32_t crc) {
    static const char alphabet[] = "0123456789.abc -+";
    char *text = malloc(TEXT + 1);
    uint32_t counts[CLASSES];
    if (!text) {
        return crc;
    }
    for (uint32_t i = 0; i < TEXT; i++) {
        text[i] = alphabet[next_random() % 17];
    }
    text[TEXT] = ' ';
    memset(counts, 0, sizeof counts);
    enum { START, SIGN, INT, FRACTION, ALPHA, BAD } state = START;
    uint32_t length = 0;
    for (uint32_t i = 0; i <= TEXT; i++) {
        char c = text[i];
        if (c == ' ') {
            if (length > 0) {
                switch (state) {
                case INT: counts[NUMBER]++; break;
                case FRACTION: counts[DECIMAL]++; break;
                case ALPHA: counts[WORD]++; break;
                default: counts[OTHER]++; break;
                }
                crc = crc_word(crc, length * 8 + (uint32_t)state);
            }
            state = START;
            length = 0;
            continue;
        }
        length++;
        switch (state) {
        case START:
            if (c >= '0' && c <= '9') state = INT;
            else if (c == '-' || c == '+') state = SIGN;
            else if (c >= 'a' && c <= 'c') state = ALPHA;
            else state = BAD;
            break;
        case SIGN:
            state = (c >= '0' && c <= '9') ? INT : BAD;
            break;
        case INT:
            if (c == '.') state = FRACTION;
            else if (!(c >= '0' && c <= '9')) state = BAD;
            break;
        case FRACTION:
            if (!(c >= '0' && c <= '9')) state = BAD;
            break;
        case ALPHA:
            if (!(c >= 'a' && c <= 'c')) state = BAD;
            break;
        case BAD:
            break;
        }
    }
    free(text);
    for (int k = 0; k < CLASSES; k++) {
        crc = crc_word(crc, counts[k]);
    }
    return crc;
}

/* The matrix kernel: C = A * B for DIM x DIM int16 matrices from the generator, each sum in 32 bits. */
static uint32_t matrix_kernel(uint32_t crc) {
    int16_t a[DIM][DIM], b[DIM][DIM];
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j < DIM; j++) {
            a[i][j] = (int16_t)(next_random() & 0xffff);
            b[i][j] = (int16_t)(next_random() & 0xffff);
        }
    }
    uint32_t total = 0;
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j < DIM; j++) {
            uint32_t sum = 0;
            for (int k = 0; k < DIM; k++) {
                sum += (uint32_t)((int32_t)a[i][k] * (int32_t)b[k][j]);
            }
            total = total * 31u + (sum >> 3);
        }
    }
    return crc_word(crc, total);
}

/* The workload's entry point: n rounds, the checksum zero-extended. */
__attribute__((export_name("run"))) int64_t run(int32_t n) {
    seed = 1;
    uint32_t crc = 0xffffffffu;
    for (int32_t round = 0; round < n; round++) {
        crc = list_kernel(crc);
        crc = scan_kernel(crc);
        crc = matrix_kernel(crc);
    }
    return (int64_t)(uint64_t)(crc ^ 0xffffffffu);
}
