/**
 * The HD-map domain, pure Java with no dependencies: the Cityscapes label table ({@code labels}), WGS84 and local
 * ENU frames ({@code geo}), the Web Mercator tile scheme with class rasters and their PNG rendering ({@code tile}),
 * point landmarks and GeoJSON ({@code landmark}), the posed pinhole camera with ground projection ({@code camera})
 * and a deterministic PNG encoder ({@code image}).
 */
package io.latentmap.map;
