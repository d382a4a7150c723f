// The page's keyboard conventions, in one place: Enter in a one-line setting acts at once, Ctrl/Cmd+Enter runs.

/** A keydown handler for a one-line input: Enter does `act` (runs the check, builds the chain). */
export function enterRuns(act: () => void): (e: Event) => void {
  return (e: Event) => {
    if ((e as KeyboardEvent).key === 'Enter') {
      e.preventDefault();
      act();
    }
  };
}

export const isCtrlEnter = (e: KeyboardEvent): boolean => e.key === 'Enter' && (e.ctrlKey || e.metaKey);
