console.log('shapelens: not yet');
