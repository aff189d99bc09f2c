package dev.leanforge.loop.store;

/** A STaR round is {@code RUNNING} until its checkpoint and report are stored together. */
public enum RoundStatus { RUNNING, FINISHED }
