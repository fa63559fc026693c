/* bench/bench_save.c - time of one autosave (store_save of a draft), not a test.
 *   built by make bench (bench/all.sh runs it); by hand: make B=build build/bench_save
 *   rm -rf /tmp/bs; build/bench_save /tmp/bs 4; rm -rf /tmp/bs; build/bench_save /tmp/bs 100
 * (second argument: KB of answer text, a quarter per section) */
#include "pmcoach/attempt.h"
#include "pmcoach/err.h"
#include "pmcoach/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static long long us(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000LL+t.tv_nsec/1000;}
int main(int argc,char**argv){
	size_t kb = argc>2?(size_t)atoi(argv[2]):4;
	PmErr e; Store *s=store_open(argv[1],&e); if(!s){puts(e.msg);return 1;}
	Attempt *a=attempt_new(NULL,"imof",1,"mock",1764240000,7);
	char *t=malloc(kb*1024/4+1); for(size_t i=0;i<kb*1024/4;i++) t[i]="abcd efg "[i%9]; t[kb*1024/4]=0;
	long long v[100];
	for(int i=0;i<100;i++){ for(int k=0;k<SEC_COUNT;k++) attempt_set_text(a,(Section)k,t);
		long long t0=us(); if(store_save(s,a,&e)<0){puts(e.msg);return 1;} v[i]=us()-t0;}
	long long sum=0,mx=0; for(int i=0;i<100;i++){sum+=v[i]; if(v[i]>mx)mx=v[i];}
	/* median */
	for(int i=0;i<100;i++)for(int j=i+1;j<100;j++)if(v[j]<v[i]){long long x=v[i];v[i]=v[j];v[j]=x;}
	printf("%zu KB answer: 100 saves, median %.2f ms, mean %.2f ms, p99 %.2f ms, max %.2f ms\n",kb,v[50]/1000.0,sum/100000.0,v[98]/1000.0,mx/1000.0);
	attempt_free(a); store_close(s); free(t); return 0;}
