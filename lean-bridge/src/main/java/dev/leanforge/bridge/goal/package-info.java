/**
 * Lean's goal states as values: parsing the text Lean prints for goals and unsolved-goals errors into hypotheses
 * and targets, and printing them back exactly.
 */
package dev.leanforge.bridge.goal;
