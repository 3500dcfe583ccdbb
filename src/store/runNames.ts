// Run names in MLflow's format `<adjective>-<noun>-<n>` (n in 0..1000, at most 20 characters), from our own word lists.
import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'amber', 'brave', 'bright', 'brisk', 'calm', 'clever', 'cosmic', 'crisp', 'curious', 'dapper',
  'daring', 'deft', 'eager', 'early', 'fancy', 'fleet', 'fond', 'gentle', 'giddy', 'glad',
  'golden', 'grand', 'happy', 'hardy', 'honest', 'humble', 'jolly', 'keen', 'kind', 'lively',
  'lucky', 'lunar', 'mellow', 'merry', 'mighty', 'modest', 'neat', 'nimble', 'noble', 'patient',
  'plucky', 'polite', 'proud', 'quick', 'quiet', 'rapid', 'ready', 'regal', 'rustic', 'serene',
  'sharp', 'shiny', 'silent', 'silver', 'smooth', 'snappy', 'solar', 'spry', 'steady', 'stellar',
  'sturdy', 'sunny', 'swift', 'tidy', 'tranquil', 'upbeat', 'valiant', 'vivid', 'warm', 'wise',
  'witty', 'zesty', 'agile', 'bold', 'cheery', 'cozy', 'dreamy', 'fearless', 'gallant', 'jaunty',
];

const NOUNS = [
  'otter', 'falcon', 'badger', 'heron', 'lynx', 'marten', 'panda', 'koala', 'gecko', 'ibis',
  'wren', 'finch', 'robin', 'sparrow', 'raven', 'owl', 'hawk', 'eagle', 'crane', 'stork',
  'bison', 'moose', 'elk', 'deer', 'fox', 'wolf', 'bear', 'hare', 'mole', 'vole',
  'seal', 'whale', 'dolphin', 'orca', 'squid', 'crab', 'shrimp', 'eel', 'trout', 'salmon',
  'newt', 'toad', 'frog', 'lizard', 'iguana', 'tortoise', 'turtle', 'cobra', 'python', 'viper',
  'beetle', 'moth', 'bee', 'wasp', 'ant', 'cricket', 'mantis', 'lark', 'swan', 'goose',
  'yak', 'llama', 'alpaca', 'camel', 'zebra', 'okapi', 'tapir', 'lemur', 'gibbon', 'sloth',
  'hippo', 'rhino', 'jaguar', 'ocelot', 'puma', 'cheetah', 'hyena', 'jackal', 'dingo', 'ferret',
];

const MAX_LENGTH = 20;

function pick(words: readonly string[]): string {
  return words[randomInt(words.length)];
}

export function generateRunName(): string {
  let name = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    name = `${pick(ADJECTIVES)}-${pick(NOUNS)}-${randomInt(1001)}`;
    if (name.length <= MAX_LENGTH) return name;
  }
  return name.slice(0, MAX_LENGTH);
}
