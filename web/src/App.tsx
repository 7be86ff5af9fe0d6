import { Route, Routes } from "react-router";

import { Layout } from "./components/Layout";
import { FeedPage } from "./features/feed/FeedPage";
import { ListingPage } from "./features/listing/ListingPage";
import { MyOrdersPage } from "./features/orders/MyOrdersPage";
import { ProfilePage } from "./features/profile/ProfilePage";
import { SellerPage } from "./features/seller/SellerPage";
import { NotFound } from "./components/NotFound";
import { MyPlansPage } from "./features/plans/MyPlansPage";
import { PlanListingPage } from "./features/plans/PlanListingPage";
import { PlansPage } from "./features/plans/PlansPage";
import { MyRentalsPage } from "./features/rentals/MyRentalsPage";
import { RentalListingPage } from "./features/rentals/RentalListingPage";
import { RentalsPage } from "./features/rentals/RentalsPage";

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<FeedPage />} />
        <Route path="listings/:listingId" element={<ListingPage />} />
        <Route path="profiles/:address" element={<ProfilePage />} />
        <Route path="orders" element={<MyOrdersPage />} />
        <Route path="sell" element={<SellerPage />} />
        <Route path="rentals" element={<RentalsPage />} />
        <Route path="rentals/listings/:listingId" element={<RentalListingPage />} />
        <Route path="rentals/mine" element={<MyRentalsPage />} />
        <Route path="plans" element={<PlansPage />} />
        <Route path="plans/listings/:listingId" element={<PlanListingPage />} />
        <Route path="plans/mine" element={<MyPlansPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
